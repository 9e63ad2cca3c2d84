CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, total numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id) INCLUDE (total, placed_at);
CREATE UNIQUE INDEX orders_id_cover_key ON orders (id) INCLUDE (customer_id);
