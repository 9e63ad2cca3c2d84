CREATE SCHEMA crm;
CREATE SCHEMA audit;
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, account_id bigint);
CREATE TABLE crm.accounts (id bigint PRIMARY KEY, name text NOT NULL, owner_id bigint REFERENCES public.users (id));
ALTER TABLE public.users ADD FOREIGN KEY (account_id) REFERENCES crm.accounts (id) ON DELETE SET NULL;
CREATE TABLE audit.events (id bigint PRIMARY KEY, user_email text REFERENCES public.users (email) ON UPDATE CASCADE, account_id bigint REFERENCES crm.accounts (id));
