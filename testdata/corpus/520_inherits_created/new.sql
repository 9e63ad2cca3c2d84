CREATE TABLE vehicles (id bigint NOT NULL, name text, CONSTRAINT vehicles_name_check CHECK (name <> ''));
CREATE TABLE cars (doors int NOT NULL DEFAULT 4, CHECK (doors > 0)) INHERITS (vehicles);
CREATE TABLE trucks (load_kg int) INHERITS (vehicles);
CREATE INDEX cars_doors_idx ON cars (doors);
COMMENT ON TABLE cars IS 'four wheels';
