CREATE TABLE t (id integer PRIMARY KEY, tags varchar(10)[] NOT NULL DEFAULT ARRAY[]::varchar(10)[], nums bigint[] NOT NULL DEFAULT '{}', grid integer[][], flags boolean[], ids uuid[] DEFAULT '{}');
