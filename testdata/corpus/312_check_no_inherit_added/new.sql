CREATE TABLE readings (id integer PRIMARY KEY, value numeric NOT NULL, CONSTRAINT readings_value_check CHECK (value >= 0) NO INHERIT);
INSERT INTO readings VALUES (1, 5);
