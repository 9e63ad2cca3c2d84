CREATE TABLE readings (id integer PRIMARY KEY, value numeric NOT NULL);
INSERT INTO readings VALUES (1, 5);
