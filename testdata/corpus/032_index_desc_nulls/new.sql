CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, score integer, name text COLLATE "C");
CREATE INDEX events_at_idx ON events (at DESC);
CREATE INDEX events_score_idx ON events (score DESC NULLS LAST, id ASC NULLS FIRST);
CREATE INDEX events_name_idx ON events (name text_pattern_ops);
