CREATE TABLE boxes (id integer PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer GENERATED ALWAYS AS (w * h) STORED, half integer GENERATED ALWAYS AS (w / 2) STORED);
INSERT INTO boxes (id, w, h) VALUES (1, 2, 3);
