CREATE TYPE tier AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE customers (id integer PRIMARY KEY, tier tier NOT NULL DEFAULT 'silver');
INSERT INTO customers VALUES (1, 'gold'), (2, 'bronze');
