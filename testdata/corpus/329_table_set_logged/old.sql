CREATE UNLOGGED TABLE staging (id integer PRIMARY KEY, payload text);
INSERT INTO staging VALUES (1, 'x');
