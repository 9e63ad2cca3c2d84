CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE children (
    id integer PRIMARY KEY,
    parent_id integer DEFAULT 0 REFERENCES parents (id) ON DELETE CASCADE,
    parent_code text REFERENCES parents (code)
);
INSERT INTO parents VALUES (0, 'zero'), (1, 'one');
INSERT INTO children VALUES (1, 1, 'one');
