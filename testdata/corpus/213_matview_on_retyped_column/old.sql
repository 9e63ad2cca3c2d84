CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT id, b FROM t;
CREATE INDEX mv_b ON mv (b);
