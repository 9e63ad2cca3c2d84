CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL);
CREATE TABLE u (a integer, b integer, CONSTRAINT u_pk PRIMARY KEY (a, b));
CREATE TABLE r (t_id integer REFERENCES t (id));
