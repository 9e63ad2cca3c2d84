CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE TABLE u (x int);
CREATE VIEW v AS SELECT t.id, u.x FROM t, u;
