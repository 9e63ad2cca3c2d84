CREATE TABLE t (id integer PRIMARY KEY, at time, stamp timestamp(6), tz timestamptz, d date, tt timetz);
INSERT INTO t VALUES (1, '10:00:00.123456', '2026-01-01 10:00:00.123456', '2026-01-01 10:00+02', '2026-01-01', '10:00+02');
