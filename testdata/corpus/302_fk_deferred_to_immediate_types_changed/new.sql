CREATE TABLE parent (id bigint PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
CREATE TABLE child (id integer PRIMARY KEY, parent_id bigint, CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) DEFERRABLE INITIALLY IMMEDIATE);
INSERT INTO child VALUES (1, 2);
