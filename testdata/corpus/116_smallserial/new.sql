CREATE TABLE t (a int, s smallserial);
