CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE FUNCTION even(n integer) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN IF n = 0 THEN RETURN true; END IF; RETURN odd(n - 1); END $$;
CREATE FUNCTION odd(n integer) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN IF n = 0 THEN RETURN false; END IF; RETURN even(n - 1); END $$;
