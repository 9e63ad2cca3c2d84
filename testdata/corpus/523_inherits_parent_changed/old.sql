CREATE TABLE p1 (id int);
CREATE TABLE p2 (id int);
CREATE TABLE kid (x int) INHERITS (p1);
