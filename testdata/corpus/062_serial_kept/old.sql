CREATE TABLE t (id serial PRIMARY KEY, big bigserial, name text);
INSERT INTO t (name) VALUES ('a');
