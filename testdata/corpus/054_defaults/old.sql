CREATE TABLE t (
    id integer PRIMARY KEY,
    a text DEFAULT 'x',
    b integer DEFAULT 1,
    c timestamptz,
    d boolean NOT NULL DEFAULT false,
    e numeric(8,2) DEFAULT 1.50,
    f text[] DEFAULT '{}',
    g jsonb
);
INSERT INTO t (id) VALUES (1);
