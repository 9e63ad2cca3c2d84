CREATE TABLE t (name text, up text GENERATED ALWAYS AS (upper(name)) STORED, s smallserial);
INSERT INTO t (name) VALUES ('a');
