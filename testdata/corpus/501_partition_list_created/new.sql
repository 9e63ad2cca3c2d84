CREATE TABLE customers (id bigint NOT NULL, region text NOT NULL, name text, UNIQUE (region, id)) PARTITION BY LIST (region);
CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('eu', 'uk');
CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us');
CREATE TABLE customers_null PARTITION OF customers FOR VALUES IN (NULL);
