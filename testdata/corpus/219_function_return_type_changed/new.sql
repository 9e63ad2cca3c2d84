CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE FUNCTION add(x integer, y integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT x + y $$;
