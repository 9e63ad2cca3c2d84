CREATE TABLE shapes (id integer PRIMARY KEY, w integer NOT NULL);
INSERT INTO shapes VALUES (1, 4);
