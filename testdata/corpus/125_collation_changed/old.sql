CREATE TABLE t (name text NOT NULL);
INSERT INTO t VALUES ('b'), ('B');
