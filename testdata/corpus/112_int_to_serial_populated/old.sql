CREATE TABLE t (id int NOT NULL PRIMARY KEY, v text);
INSERT INTO t VALUES (5, 'a'), (9, 'b');
