CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE SCHEMA util;
CREATE FUNCTION util.one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
