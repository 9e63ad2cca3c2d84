CREATE TABLE readings (id integer PRIMARY KEY, value numeric NOT NULL CHECK (value >= 0));
INSERT INTO readings VALUES (1, 5), (2, 7);
