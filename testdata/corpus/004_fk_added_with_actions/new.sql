CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (
    id bigint PRIMARY KEY,
    author_id bigint CONSTRAINT posts_author_fk REFERENCES authors (id) ON DELETE CASCADE ON UPDATE CASCADE,
    editor_id bigint REFERENCES authors (id) ON DELETE SET NULL ON UPDATE RESTRICT,
    title text NOT NULL
);
