CREATE TABLE measurements (id bigint PRIMARY KEY, taken_at timestamptz NOT NULL, sensor text NOT NULL, value double precision);
CREATE INDEX measurements_sensor_idx ON measurements USING hash (sensor);
CREATE INDEX measurements_taken_at_idx ON measurements USING brin (taken_at);
