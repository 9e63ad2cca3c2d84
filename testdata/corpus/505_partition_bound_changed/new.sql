CREATE TABLE readings (sensor int NOT NULL, at int NOT NULL, value float8, PRIMARY KEY (sensor, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (12);
CREATE TABLE readings_high PARTITION OF readings FOR VALUES FROM (12) TO (30);
CREATE INDEX readings_value_idx ON readings (value);
