CREATE TABLE t (id serial PRIMARY KEY, big bigserial, name text NOT NULL DEFAULT '', added_at timestamptz);
