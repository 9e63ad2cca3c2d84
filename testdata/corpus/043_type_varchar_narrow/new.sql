CREATE TABLE t (id integer PRIMARY KEY, code varchar(8) NOT NULL UNIQUE, name varchar(10));
