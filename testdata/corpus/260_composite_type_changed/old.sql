CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE TYPE pair AS (x integer, y integer);
