CREATE TABLE sales (region text NOT NULL, day date NOT NULL, amount numeric, PRIMARY KEY (region, day)) PARTITION BY LIST (region);
CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu') PARTITION BY RANGE (day);
CREATE TABLE sales_eu_2024 PARTITION OF sales_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales_eu_rest PARTITION OF sales_eu DEFAULT;
CREATE TABLE sales_us PARTITION OF sales FOR VALUES IN ('us');
CREATE INDEX sales_amount_idx ON sales (amount);
