CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(14,4) NOT NULL DEFAULT 0.0, rate numeric(8,3), ratio double precision, score numeric(6,2));
