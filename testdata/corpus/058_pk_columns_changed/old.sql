CREATE TABLE t (tenant integer NOT NULL, id integer NOT NULL, code text NOT NULL, PRIMARY KEY (id));
CREATE TABLE r (t_id integer REFERENCES t (id));
CREATE TABLE v (a integer NOT NULL, b integer NOT NULL, CONSTRAINT v_pkey PRIMARY KEY (a, b));
INSERT INTO t VALUES (1, 1, 'a'), (1, 2, 'b');
INSERT INTO r VALUES (1);
INSERT INTO v VALUES (1, 2);
