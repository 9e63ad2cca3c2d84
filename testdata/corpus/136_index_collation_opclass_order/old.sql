CREATE TABLE t (name text, n int);
CREATE INDEX t_k ON t (name, n);
