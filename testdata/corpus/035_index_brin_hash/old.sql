CREATE TABLE measurements (id bigint PRIMARY KEY, taken_at timestamptz NOT NULL, sensor text NOT NULL, value double precision);
CREATE INDEX measurements_sensor_idx ON measurements (sensor);
INSERT INTO measurements VALUES (1, now(), 's1', 1.5);
