CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE uses (id integer PRIMARY KEY, item_id integer REFERENCES items (id));
INSERT INTO items VALUES (1, 'a'), (2, 'b');
INSERT INTO uses VALUES (1, 2);
