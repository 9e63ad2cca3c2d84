CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT a, count(*) AS n FROM t GROUP BY a;
CREATE UNIQUE INDEX mv_a ON mv (a);
