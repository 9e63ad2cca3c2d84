CREATE TABLE t (id int, code varchar(10) COLLATE "POSIX", tags text[] COLLATE "C");
