CREATE TABLE t (id int NOT NULL, v text);
INSERT INTO t VALUES (1, 'a'), (41, 'b');
