CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE FUNCTION add(x integer, y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + y $$;
CREATE VIEW v AS SELECT add(id, a) AS s FROM t;
