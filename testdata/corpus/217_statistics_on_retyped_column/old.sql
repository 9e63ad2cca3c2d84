CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE STATISTICS st (mcv) ON a, b FROM t;
