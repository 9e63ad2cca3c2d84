CREATE TABLE counters (id integer PRIMARY KEY) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_threshold = 500);
