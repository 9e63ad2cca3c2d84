CREATE TABLE old_stuff (id integer PRIMARY KEY, body text);
CREATE INDEX old_stuff_body_idx ON old_stuff (body) WHERE body <> '';
COMMENT ON TABLE old_stuff IS 'retired';
