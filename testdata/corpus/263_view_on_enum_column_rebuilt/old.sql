CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer, m mood);
CREATE VIEW v AS SELECT id, m FROM t;
