CREATE TABLE t (id integer PRIMARY KEY, code varchar(64) NOT NULL UNIQUE, name text);
INSERT INTO t VALUES (1, 'abc', 'short'), (2, 'de', NULL);
