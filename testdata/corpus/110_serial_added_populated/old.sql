CREATE TABLE t (v text);
INSERT INTO t VALUES ('a'), ('b'), ('c');
