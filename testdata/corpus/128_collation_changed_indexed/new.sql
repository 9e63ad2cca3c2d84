CREATE TABLE t (name text COLLATE "C");
CREATE INDEX t_name_idx ON t (name);
