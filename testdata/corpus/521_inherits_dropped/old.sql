CREATE TABLE base (id int NOT NULL, note text);
CREATE TABLE child_a (a int) INHERITS (base);
CREATE TABLE child_b (b int) INHERITS (base);
INSERT INTO child_a VALUES (1, 'x', 2);
