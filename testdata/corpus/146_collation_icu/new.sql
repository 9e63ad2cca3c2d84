CREATE TABLE t (name text COLLATE "und-x-icu");
