CREATE TABLE products (id bigint NOT NULL, shop int NOT NULL) PARTITION BY LIST (shop);
CREATE TABLE products_1 PARTITION OF products FOR VALUES IN (1);
CREATE TABLE products_2 PARTITION OF products FOR VALUES IN (2);
CREATE TABLE lines (id bigint PRIMARY KEY, product_id bigint, shop int);
