CREATE TABLE metrics (id bigint NOT NULL, day int NOT NULL, v numeric, PRIMARY KEY (day, id)) PARTITION BY RANGE (day);
CREATE TABLE metrics_a PARTITION OF metrics FOR VALUES FROM (0) TO (100);
CREATE INDEX metrics_v_idx ON metrics (v);
