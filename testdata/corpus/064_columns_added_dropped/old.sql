CREATE TABLE t (id integer PRIMARY KEY, gone text, keep text);
CREATE INDEX t_gone_idx ON t (gone, keep);
INSERT INTO t VALUES (1, 'x', 'y');
