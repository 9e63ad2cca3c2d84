CREATE TABLE public.ledger (id bigint NOT NULL, year int NOT NULL) PARTITION BY LIST (year);
