CREATE EXTENSION pg_trgm;
CREATE TABLE notes (
    id int PRIMARY KEY,
    body text NOT NULL
);
CREATE INDEX notes_body_trgm ON notes USING gist (body gist_trgm_ops);
