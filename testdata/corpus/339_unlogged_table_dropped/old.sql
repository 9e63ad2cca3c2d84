CREATE UNLOGGED TABLE scratch (id integer PRIMARY KEY, v text) WITH (fillfactor = 50);
ALTER TABLE scratch ENABLE ROW LEVEL SECURITY;
CREATE TABLE keep (id integer PRIMARY KEY);
