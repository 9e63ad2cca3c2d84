CREATE TABLE events (id integer PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX events_at_idx ON events USING brin (at) WITH (pages_per_range = 32, autosummarize = on);
