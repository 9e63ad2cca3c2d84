CREATE TABLE items (id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED, name text);
CREATE TABLE uses (id integer PRIMARY KEY, item_id integer);
INSERT INTO items VALUES (1, 'a'), (2, 'b');
INSERT INTO uses VALUES (1, 2);
