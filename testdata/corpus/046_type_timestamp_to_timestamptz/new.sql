CREATE TABLE t (id integer PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), seen timestamp);
