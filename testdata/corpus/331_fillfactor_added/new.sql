CREATE TABLE counters (id integer PRIMARY KEY, n bigint NOT NULL DEFAULT 0) WITH (fillfactor = 70);
INSERT INTO counters VALUES (1, 1);
