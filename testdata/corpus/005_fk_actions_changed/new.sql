CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE children (
    id integer PRIMARY KEY,
    parent_id integer DEFAULT 0 REFERENCES parents (id) ON DELETE SET DEFAULT,
    parent_code text REFERENCES parents (code) ON UPDATE CASCADE ON DELETE RESTRICT
);
