CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE TYPE pair AS (x integer, "y y" text COLLATE "C");
CREATE FUNCTION mk(a integer) RETURNS pair LANGUAGE sql AS $$ SELECT a, a::text $$;
