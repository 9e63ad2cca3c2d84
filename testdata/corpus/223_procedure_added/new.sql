CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE PROCEDURE bump(n integer) LANGUAGE sql AS $$ UPDATE t SET a = a + n $$;
