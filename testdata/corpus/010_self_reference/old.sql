CREATE TABLE employees (id bigint PRIMARY KEY, name text NOT NULL, email text);
INSERT INTO employees VALUES (1, 'boss', 'b@x'), (2, 'dev', 'd@x');
