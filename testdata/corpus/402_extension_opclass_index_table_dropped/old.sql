CREATE EXTENSION pg_trgm;
CREATE TABLE notes (
    id int PRIMARY KEY,
    body text NOT NULL
);
CREATE INDEX notes_body_trgm ON notes USING gin (body gin_trgm_ops);
CREATE TABLE tags (
    id int PRIMARY KEY,
    label text NOT NULL
);
CREATE INDEX tags_label_trgm ON tags USING gist (label gist_trgm_ops);
