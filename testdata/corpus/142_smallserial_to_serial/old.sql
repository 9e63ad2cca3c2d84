CREATE TABLE t (id smallserial);
