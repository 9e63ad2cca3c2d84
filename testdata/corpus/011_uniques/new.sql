CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text NOT NULL,
    tenant integer NOT NULL,
    handle text NOT NULL,
    phone text UNIQUE,
    CONSTRAINT accounts_tenant_handle_key UNIQUE (handle, tenant)
);
