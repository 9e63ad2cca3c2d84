CREATE TABLE t (id integer PRIMARY KEY, a bigint, b text);
CREATE STATISTICS st (mcv) ON a, b FROM t;
