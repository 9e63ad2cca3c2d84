CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL, favorite_book_id bigint);
CREATE TABLE books (id bigint PRIMARY KEY, author_id bigint NOT NULL REFERENCES authors (id) ON DELETE CASCADE);
ALTER TABLE authors ADD FOREIGN KEY (favorite_book_id) REFERENCES books (id);
