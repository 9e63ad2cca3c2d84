CREATE TABLE docs (id integer PRIMARY KEY, body jsonb NOT NULL DEFAULT '{}', tags text[] NOT NULL DEFAULT '{}');
CREATE INDEX docs_body_idx ON docs USING gin (body);
CREATE INDEX docs_body_path_idx ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_tags_idx ON docs USING gin (tags);
CREATE INDEX docs_body_a_idx ON docs ((body ->> 'a'));
