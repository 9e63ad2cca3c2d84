CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL);
CREATE TABLE log (at timestamptz NOT NULL, msg text, PRIMARY KEY (at));
INSERT INTO t VALUES (1, 'a');
