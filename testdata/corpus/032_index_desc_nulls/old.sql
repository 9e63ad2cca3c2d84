CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, score integer, name text COLLATE "C");
CREATE INDEX events_at_idx ON events (at);
