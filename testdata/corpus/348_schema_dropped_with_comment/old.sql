CREATE SCHEMA legacy; COMMENT ON SCHEMA legacy IS 'Old stuff'; CREATE TABLE legacy.t (id integer PRIMARY KEY);
