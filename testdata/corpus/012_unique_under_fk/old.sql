CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL, CONSTRAINT products_sku_key UNIQUE (sku));
CREATE TABLE stock (sku text NOT NULL REFERENCES products (sku), qty integer NOT NULL DEFAULT 0);
INSERT INTO products VALUES (1, 'a');
INSERT INTO stock VALUES ('a', 3);
