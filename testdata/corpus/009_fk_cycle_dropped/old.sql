CREATE TABLE a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));
ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
CREATE TABLE c (id integer PRIMARY KEY, a_id integer REFERENCES a (id));
INSERT INTO a VALUES (1, NULL);
INSERT INTO b VALUES (1, 1);
UPDATE a SET b_id = 1;
