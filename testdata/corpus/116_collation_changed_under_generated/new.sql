CREATE TABLE t (name text COLLATE "C", up text GENERATED ALWAYS AS (upper(name)) STORED, s smallserial);
