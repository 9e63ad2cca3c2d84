CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, first text, last text);
CREATE INDEX users_email_idx ON users (email);
INSERT INTO users VALUES (1, 'A@x', 'a', 'b');
