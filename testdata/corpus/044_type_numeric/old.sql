CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(10,2) NOT NULL DEFAULT 0, rate numeric, ratio real, score double precision);
INSERT INTO prices VALUES (1, 12.34, 0.5, 0.25, 1.5);
