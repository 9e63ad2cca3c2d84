CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL,
    age integer CHECK (age IS NULL OR age >= 0)
);
