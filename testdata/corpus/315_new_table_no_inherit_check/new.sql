CREATE TABLE base_rows (id integer PRIMARY KEY, kind text NOT NULL, CONSTRAINT base_rows_kind_check CHECK (kind = 'base') NO INHERIT, CONSTRAINT base_rows_id_check CHECK (id > 0));
