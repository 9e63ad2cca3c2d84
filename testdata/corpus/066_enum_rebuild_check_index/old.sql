CREATE TYPE state AS ENUM ('open', 'stale', 'closed');
CREATE TABLE tickets (
    id integer PRIMARY KEY,
    state state NOT NULL DEFAULT 'open',
    closed_at timestamptz,
    CONSTRAINT tickets_closed_check CHECK (state <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX tickets_open_idx ON tickets (id) WHERE state = 'open';
INSERT INTO tickets VALUES (1, 'open', NULL), (2, 'closed', now());
