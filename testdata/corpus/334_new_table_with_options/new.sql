CREATE SCHEMA metrics; CREATE TABLE metrics.samples (at timestamptz NOT NULL, v double precision) WITH (fillfactor = 100, autovacuum_enabled = off, toast.autovacuum_enabled = off);
