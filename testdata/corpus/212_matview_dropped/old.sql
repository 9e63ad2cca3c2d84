CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
CREATE INDEX mv_a ON mv (a);
