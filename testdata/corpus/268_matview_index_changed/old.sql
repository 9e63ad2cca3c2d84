CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;
CREATE INDEX mv_i ON mv (a);
