CREATE TABLE orders (tenant integer NOT NULL, id integer NOT NULL, PRIMARY KEY (tenant, id));
CREATE TABLE items (tenant integer NOT NULL, order_id integer NOT NULL, sku text NOT NULL);
INSERT INTO orders VALUES (1, 1), (1, 2);
INSERT INTO items VALUES (1, 1, 'a'), (1, 2, 'b');
