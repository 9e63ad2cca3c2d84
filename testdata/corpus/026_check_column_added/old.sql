CREATE TABLE products (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, qty integer NOT NULL DEFAULT 0);
INSERT INTO products VALUES (1, 9.99, 3), (2, 0.50, 0);
