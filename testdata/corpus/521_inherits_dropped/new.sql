CREATE TABLE base (id int NOT NULL, note text);
CREATE TABLE child_a (a int) INHERITS (base);
