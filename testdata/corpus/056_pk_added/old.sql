CREATE TABLE t (id integer, code text NOT NULL);
CREATE TABLE u (a integer, b integer);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
INSERT INTO u VALUES (1, 1), (1, 2);
