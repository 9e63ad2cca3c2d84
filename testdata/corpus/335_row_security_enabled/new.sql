CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
INSERT INTO accounts VALUES (1, 'a');
