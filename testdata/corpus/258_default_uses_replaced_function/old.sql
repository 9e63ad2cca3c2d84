CREATE FUNCTION dflt() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TABLE t (id integer DEFAULT dflt());
