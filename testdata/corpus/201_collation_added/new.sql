CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE COLLATION "ci.coll" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION c_libc (provider = libc, locale = 'C');
CREATE DOMAIN ci_text AS text COLLATE "ci.coll";
