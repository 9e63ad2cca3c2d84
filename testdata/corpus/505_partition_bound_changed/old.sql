CREATE TABLE readings (sensor int NOT NULL, at int NOT NULL, value float8, PRIMARY KEY (sensor, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (10);
CREATE TABLE readings_high PARTITION OF readings FOR VALUES FROM (10) TO (20);
CREATE INDEX readings_value_idx ON readings (value);
INSERT INTO readings VALUES (1, 5, 0.5), (1, 15, 1.5);
