CREATE TABLE stock (sku int NOT NULL, site text NOT NULL, qty int) PARTITION BY LIST (site);
CREATE TABLE stock_x PARTITION OF stock FOR VALUES IN ('x');
CREATE INDEX stock_qty_idx ON stock (qty);
INSERT INTO stock VALUES (1, 'x', 3);
