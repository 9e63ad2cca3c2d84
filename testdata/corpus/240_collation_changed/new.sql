CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
