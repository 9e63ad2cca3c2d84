CREATE TABLE docs (id integer PRIMARY KEY, body jsonb NOT NULL DEFAULT '{}', tags text[] NOT NULL DEFAULT '{}');
INSERT INTO docs VALUES (1, '{"a": 1}', '{x,y}');
