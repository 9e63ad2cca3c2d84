CREATE TABLE docs (id integer PRIMARY KEY, body text) WITH (toast.autovacuum_enabled = false, toast_tuple_target = 256);
