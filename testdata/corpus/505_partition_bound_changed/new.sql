CREATE TABLE readings (sensor int NOT NULL, at int NOT NULL, value float8, unit text NOT NULL DEFAULT 'C', PRIMARY KEY (sensor, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (12);
CREATE TABLE readings_high PARTITION OF readings FOR VALUES FROM (12) TO (30);
CREATE TABLE readings_neg PARTITION OF readings FOR VALUES FROM (-10) TO (0);
CREATE INDEX readings_value_idx ON readings (value);
CREATE INDEX readings_unit_idx ON readings (unit);
