CREATE TABLE t (v text, id bigserial);
INSERT INTO t (v) VALUES ('a');
