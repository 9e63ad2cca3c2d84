CREATE TABLE staging (id integer PRIMARY KEY, payload text);
CREATE TABLE staging_lines (id integer PRIMARY KEY, staging_id integer NOT NULL REFERENCES staging (id));
CREATE TABLE zz_batches (id integer PRIMARY KEY);
ALTER TABLE staging ADD COLUMN batch_id integer REFERENCES zz_batches (id);
INSERT INTO zz_batches VALUES (7);
INSERT INTO staging VALUES (1, 'x', 7);
INSERT INTO staging_lines VALUES (1, 1);
