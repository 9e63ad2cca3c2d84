CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE SCHEMA "fn.s";
CREATE FUNCTION "fn.s"."add(""x"")"("the arg" integer, "select" text DEFAULT 'a;b') RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN $1::text || "select" || '$$;'; END $body$;
