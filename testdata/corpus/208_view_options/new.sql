CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE VIEW v WITH (security_barrier = true) AS SELECT id, a FROM t;
