CREATE TABLE t (id integer PRIMARY KEY, payload json NOT NULL, meta jsonb, ttl integer);
INSERT INTO t VALUES (1, '{"a": [1, 2]}', '{"b": true}', 60);
