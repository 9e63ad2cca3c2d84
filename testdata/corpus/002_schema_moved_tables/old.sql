CREATE SCHEMA sales;
CREATE TABLE sales.orders (
    id bigint PRIMARY KEY,
    note text
);
CREATE TABLE sales.lines (
    order_id bigint NOT NULL REFERENCES sales.orders (id) ON DELETE CASCADE,
    line_no integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
