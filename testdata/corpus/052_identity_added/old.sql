CREATE TABLE t (id bigint PRIMARY KEY, n integer NOT NULL DEFAULT 0, m bigint);
INSERT INTO t VALUES (1, 1, 1);
