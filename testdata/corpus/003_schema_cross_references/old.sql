CREATE SCHEMA crm;
CREATE TABLE crm.accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
