CREATE TABLE t (v text, id serial);
