CREATE TABLE t (name text, n int);
CREATE INDEX t_k ON t (name COLLATE "C" text_pattern_ops DESC NULLS LAST, n NULLS FIRST);
