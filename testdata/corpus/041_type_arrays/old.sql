CREATE TABLE t (id integer PRIMARY KEY, tags text[], nums integer[] NOT NULL DEFAULT '{}', grid integer[][]);
INSERT INTO t VALUES (1, '{a,b}', '{1,2}', '{{1,2},{3,4}}');
