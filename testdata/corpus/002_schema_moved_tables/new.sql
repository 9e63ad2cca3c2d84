CREATE SCHEMA shop;
CREATE TABLE shop.orders (
    id bigint PRIMARY KEY,
    note text
);
CREATE TABLE shop.lines (
    order_id bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    line_no integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
