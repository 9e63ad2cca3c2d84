CREATE TABLE t (id integer PRIMARY KEY, qty text NOT NULL DEFAULT '0', code text, flag text);
INSERT INTO t VALUES (1, '12', '007', 'true'), (2, '0', NULL, 'false');
