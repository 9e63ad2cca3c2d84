CREATE TABLE t (a int, b text);
CREATE UNIQUE INDEX t_ab ON t (a, b);
