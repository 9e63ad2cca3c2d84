CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL CHECK (email LIKE '%@%'),
    age integer CHECK (age IS NULL OR age >= 0),
    nick text,
    CONSTRAINT users_nick_or_email CHECK (nick IS NOT NULL OR email <> '')
);
INSERT INTO users VALUES (1, 'a@x', 20, 'a');
