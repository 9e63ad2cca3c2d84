CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE SEQUENCE s;
CREATE VIEW v AS SELECT nextval('s') AS n;
