CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE PROCEDURE p(INOUT n integer) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
