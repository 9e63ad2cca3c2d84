CREATE TABLE t (name text);
CREATE INDEX t_name_idx ON t (name);
