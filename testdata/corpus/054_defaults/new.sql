CREATE TABLE t (
    id integer PRIMARY KEY,
    a text DEFAULT 'it''s',
    b integer,
    c timestamptz DEFAULT (now() + interval '1 day'),
    d boolean NOT NULL DEFAULT true,
    e numeric(8,2) DEFAULT -2,
    f text[] DEFAULT ARRAY['a', 'b'],
    g jsonb DEFAULT '{"k": [1, "two"]}'
);
