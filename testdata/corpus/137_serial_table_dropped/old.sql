CREATE TABLE t (id serial PRIMARY KEY, v text);
INSERT INTO t (v) VALUES ('x');
CREATE TABLE keep (a int);
