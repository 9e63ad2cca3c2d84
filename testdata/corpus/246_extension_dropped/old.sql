CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE EXTENSION pg_trgm;
