CREATE TABLE parent (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
