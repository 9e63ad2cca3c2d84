CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE FUNCTION add(x integer, y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + y $$;
CREATE FUNCTION add(x text, y text) RETURNS text LANGUAGE sql AS $$ SELECT x || y $$;
