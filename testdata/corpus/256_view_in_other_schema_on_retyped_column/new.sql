CREATE TABLE t (id integer PRIMARY KEY, a bigint, b text);
CREATE SCHEMA rep;
CREATE VIEW rep.v AS SELECT a FROM public.t;
