CREATE TABLE employees (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL DEFAULT '',
    manager_id bigint REFERENCES employees (id) ON DELETE SET NULL,
    mentor_id bigint REFERENCES employees (id)
);
CREATE INDEX employees_manager_id_idx ON employees (manager_id);
CREATE TABLE categories (id integer PRIMARY KEY, parent_id integer REFERENCES categories (id) ON DELETE CASCADE);
