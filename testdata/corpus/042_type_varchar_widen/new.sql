CREATE TABLE t (id integer PRIMARY KEY, code varchar(64) NOT NULL DEFAULT 'none', name varchar, c char(4));
CREATE INDEX t_code_idx ON t (code);
