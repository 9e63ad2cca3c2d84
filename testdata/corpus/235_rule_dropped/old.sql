CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE RULE t_nodelete AS ON DELETE TO t DO INSTEAD NOTHING;
