CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE VIEW "vue_été" AS SELECT id AS "clé" FROM t;
CREATE SEQUENCE "séquence_№1";
CREATE FUNCTION "fonction_ü"() RETURNS text LANGUAGE sql AS $$ SELECT 'ü' $$;
