CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('reader', 'writer', 'admin');
CREATE TYPE app."Kind" AS ENUM ('Human', 'Robot');
CREATE TABLE app.grants (id integer PRIMARY KEY, role app.role NOT NULL DEFAULT 'reader', kind app."Kind");
CREATE TABLE public.audit (id integer PRIMARY KEY, role app.role);
