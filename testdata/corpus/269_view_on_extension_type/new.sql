CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE EXTENSION citext;
CREATE VIEW v AS SELECT b::citext AS e FROM t;
