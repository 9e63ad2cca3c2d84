CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN good_mood AS mood CHECK (VALUE <> 'sad');
