CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE unused AS ENUM ('x');
CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok', name text);
INSERT INTO people VALUES (1, 'sad', 'a'), (2, 'happy', 'b');
