CREATE TABLE docs (id integer PRIMARY KEY, tags text[]);
CREATE INDEX docs_tags_idx ON docs USING gin (tags);
