CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE DOMAIN posint AS integer NOT NULL DEFAULT 11 CONSTRAINT posint_check CHECK (VALUE > 10);
