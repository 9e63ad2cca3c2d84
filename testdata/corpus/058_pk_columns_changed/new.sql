CREATE TABLE t (tenant integer NOT NULL, id integer NOT NULL, code text NOT NULL, PRIMARY KEY (tenant, id), UNIQUE (id));
CREATE TABLE r (t_id integer REFERENCES t (id));
CREATE TABLE v (a integer NOT NULL, b integer NOT NULL, CONSTRAINT v_pkey PRIMARY KEY (b, a));
