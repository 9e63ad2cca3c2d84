CREATE TABLE lines (id integer PRIMARY KEY, price numeric(14,4) NOT NULL, qty bigint NOT NULL, total numeric GENERATED ALWAYS AS (price * qty) STORED);
