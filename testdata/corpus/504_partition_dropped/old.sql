CREATE TABLE metrics (id bigint NOT NULL, day int NOT NULL, v numeric, PRIMARY KEY (day, id)) PARTITION BY RANGE (day);
CREATE TABLE metrics_a PARTITION OF metrics FOR VALUES FROM (0) TO (100);
CREATE TABLE metrics_b PARTITION OF metrics FOR VALUES FROM (100) TO (200);
CREATE INDEX metrics_v_idx ON metrics (v);
INSERT INTO metrics VALUES (1, 5, 1.5), (2, 150, 2.5);
