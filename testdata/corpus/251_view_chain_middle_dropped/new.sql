CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE VIEW v1 AS SELECT id, a FROM t;
CREATE VIEW v3 AS SELECT a FROM v1 WHERE id > 0;
