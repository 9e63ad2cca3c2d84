SET TIME ZONE 'UTC';
CREATE TABLE t (id integer PRIMARY KEY, created timestamp NOT NULL DEFAULT now(), seen timestamptz);
INSERT INTO t VALUES (1, '2026-01-01 10:00', '2026-01-01 10:00+00');
