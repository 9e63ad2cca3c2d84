CREATE TABLE hosts (id text PRIMARY KEY, addr text, net inet, mac text, raw text);
INSERT INTO hosts VALUES ('0e4c8d3e-3b0e-4b7e-9c62-2f4a2f0e8a11', '10.0.0.1', '10.1.0.0/16', '08:00:2b:01:02:03', 'hello');
