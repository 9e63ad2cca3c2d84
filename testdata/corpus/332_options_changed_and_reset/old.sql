CREATE TABLE counters (id integer PRIMARY KEY) WITH (fillfactor = 70, autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.05);
