CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint, editor_id bigint, title text NOT NULL);
INSERT INTO authors VALUES (1, 'a'), (2, 'b');
INSERT INTO posts VALUES (10, 1, 2, 'x'), (11, 2, NULL, 'y');
