CREATE TABLE t (name text);
CREATE INDEX t_lower ON t (lower(name) COLLATE "C");
