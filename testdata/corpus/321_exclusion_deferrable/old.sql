CREATE TABLE spans (id integer PRIMARY KEY, r int4range NOT NULL);
