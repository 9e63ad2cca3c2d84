CREATE TABLE t (a int, name text COLLATE "C");
