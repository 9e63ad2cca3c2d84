CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE SEQUENCE ids;
CREATE TABLE u (id bigint DEFAULT nextval('ids') NOT NULL);
