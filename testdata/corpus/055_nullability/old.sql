CREATE TABLE t (id integer PRIMARY KEY, a text NOT NULL, b text, c integer NOT NULL DEFAULT 0);
INSERT INTO t VALUES (1, 'a', 'b', 1), (2, 'a', 'b', 2);
