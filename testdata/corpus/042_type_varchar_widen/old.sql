CREATE TABLE t (id integer PRIMARY KEY, code varchar(8) NOT NULL DEFAULT 'none', name character varying(20), c char(2));
CREATE INDEX t_code_idx ON t (code);
INSERT INTO t VALUES (1, 'abc', 'name', 'xy');
