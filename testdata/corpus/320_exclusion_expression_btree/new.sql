CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, CONSTRAINT users_email_ci EXCLUDE (lower(email) WITH =));
INSERT INTO users VALUES (1, 'A@x'), (2, 'b@x');
