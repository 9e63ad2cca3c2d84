CREATE TABLE public.ledger (id bigint NOT NULL, year int NOT NULL) PARTITION BY LIST (year);
CREATE SCHEMA archive2023;
CREATE TABLE archive2023.ledger_2023 PARTITION OF public.ledger FOR VALUES IN (2023);
CREATE TABLE public.ledger_2024 PARTITION OF public.ledger FOR VALUES IN (2024);
