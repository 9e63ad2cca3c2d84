CREATE TABLE c (id integer PRIMARY KEY, a_id integer);
