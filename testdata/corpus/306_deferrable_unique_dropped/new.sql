CREATE TABLE slots (id integer PRIMARY KEY, position integer NOT NULL);
