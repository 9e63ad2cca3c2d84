CREATE TABLE t (id integer PRIMARY KEY, at time(3), stamp timestamp(3) DEFAULT CURRENT_TIMESTAMP, tz timestamptz(0) NOT NULL DEFAULT now(), d date DEFAULT CURRENT_DATE, tt timetz(2));
