CREATE TABLE events (id integer PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX events_at_idx ON events (at);
INSERT INTO events SELECT g, now() FROM generate_series(1, 20) g;
