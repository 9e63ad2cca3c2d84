CREATE TABLE stock (sku bigint NOT NULL, site text NOT NULL, qty numeric NOT NULL) PARTITION BY LIST (site);
CREATE TABLE stock_x PARTITION OF stock FOR VALUES IN ('x');
CREATE INDEX stock_qty_idx ON stock (qty);
