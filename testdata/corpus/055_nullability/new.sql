CREATE TABLE t (id integer PRIMARY KEY, a text, b text NOT NULL, c integer DEFAULT 0);
