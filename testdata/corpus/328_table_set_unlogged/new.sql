CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v jsonb);
CREATE INDEX cache_v_idx ON cache USING gin (v);
INSERT INTO cache SELECT 'k' || g, jsonb_build_object('n', g) FROM generate_series(1, 100) g;
