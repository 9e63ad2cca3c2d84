CREATE SCHEMA app;
CREATE TABLE app.events (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
