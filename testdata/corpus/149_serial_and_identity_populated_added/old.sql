CREATE TABLE t (v text);
INSERT INTO t SELECT g::text FROM generate_series(1, 50) g;
