CREATE TABLE t (id integer NOT NULL, code text NOT NULL);
CREATE TABLE log (at timestamptz, msg text);
