CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL, CONSTRAINT products_sku_uq UNIQUE (sku));
CREATE TABLE stock (sku text NOT NULL REFERENCES products (sku), qty integer NOT NULL DEFAULT 0);
