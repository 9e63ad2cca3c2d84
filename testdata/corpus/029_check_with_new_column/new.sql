CREATE TABLE shapes (id integer PRIMARY KEY, w integer NOT NULL, h integer NOT NULL DEFAULT 1, CONSTRAINT shapes_area CHECK (w * h < 1000), CHECK (h IN (1, 2, 3)));
