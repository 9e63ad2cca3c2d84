CREATE TABLE parent (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer, CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO child VALUES (1, 2);
