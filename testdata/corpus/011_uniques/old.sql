CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    tenant integer NOT NULL,
    handle text NOT NULL,
    phone text,
    CONSTRAINT accounts_tenant_handle_key UNIQUE (tenant, handle)
);
INSERT INTO accounts VALUES (1, 'a@x', 1, 'a', '1'), (2, 'b@x', 1, 'b', '2');
