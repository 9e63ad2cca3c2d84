CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL);
INSERT INTO accounts VALUES (1, 'a');
