CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, qty integer NOT NULL, name text NOT NULL);
INSERT INTO items VALUES (1, 2.50, 4, 'Widget');
