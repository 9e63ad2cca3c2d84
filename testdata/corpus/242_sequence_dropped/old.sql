CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE SEQUENCE tickets;
