CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL, favorite_book_id bigint, bio text);
CREATE TABLE books (id bigint PRIMARY KEY, author_id bigint NOT NULL REFERENCES authors (id));
INSERT INTO authors VALUES (1, 'a', NULL, 'x');
INSERT INTO books VALUES (1, 1);
