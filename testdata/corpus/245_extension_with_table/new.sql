CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE EXTENSION citext;
CREATE TABLE u (email citext);
