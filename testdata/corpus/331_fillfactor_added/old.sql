CREATE TABLE counters (id integer PRIMARY KEY, n bigint NOT NULL DEFAULT 0);
INSERT INTO counters VALUES (1, 1);
