CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;
CREATE UNIQUE INDEX mv_id ON mv (id);
CREATE INDEX mv_a ON mv (a) WHERE a > 0;
