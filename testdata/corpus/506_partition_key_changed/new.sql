CREATE TABLE orders (id bigint NOT NULL, placed date NOT NULL, country text NOT NULL) PARTITION BY LIST (country);
CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES IN ('fr');
CREATE TABLE orders_rest PARTITION OF orders DEFAULT;
