CREATE TABLE parent (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id));
INSERT INTO child VALUES (1, 1), (2, 2);
