CREATE TABLE products (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL CHECK (price > 0),
    qty integer NOT NULL DEFAULT 0 CONSTRAINT qty_not_negative CHECK (qty >= 0)
);
