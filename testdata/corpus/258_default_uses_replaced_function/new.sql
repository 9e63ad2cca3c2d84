CREATE FUNCTION dflt() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;
CREATE TABLE t (id integer DEFAULT dflt());
