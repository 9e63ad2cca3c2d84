CREATE UNLOGGED TABLE sessions (id uuid PRIMARY KEY, data text, expires timestamptz NOT NULL);
CREATE INDEX sessions_expires_idx ON sessions (expires);
