CREATE TYPE tier AS ENUM ('bronze', 'gold');
CREATE TABLE customers (id integer PRIMARY KEY, tier tier NOT NULL DEFAULT 'bronze');
