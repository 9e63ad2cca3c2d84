CREATE TABLE named (name text);
CREATE TABLE dated (created timestamptz DEFAULT now());
CREATE TABLE notes (body text NOT NULL, CONSTRAINT notes_body_check CHECK (length(body) < 1000)) INHERITS (named, dated);
CREATE TABLE empty_child () INHERITS (dated);
