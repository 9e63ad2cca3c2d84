CREATE TABLE t (id integer PRIMARY KEY, payload jsonb NOT NULL DEFAULT '{}'::jsonb, meta json, ttl integer, period interval NOT NULL DEFAULT '1 day', grace interval hour to minute);
