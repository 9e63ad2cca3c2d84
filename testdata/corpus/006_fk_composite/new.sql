CREATE TABLE orders (tenant integer NOT NULL, id integer NOT NULL, PRIMARY KEY (tenant, id));
CREATE TABLE items (
    tenant integer NOT NULL, order_id integer NOT NULL, sku text NOT NULL,
    CONSTRAINT items_order_fk FOREIGN KEY (tenant, order_id) REFERENCES orders (tenant, id) ON DELETE CASCADE,
    PRIMARY KEY (tenant, order_id, sku)
);
