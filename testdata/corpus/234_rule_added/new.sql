CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE TABLE log (id integer);
CREATE RULE t_log AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.id);
