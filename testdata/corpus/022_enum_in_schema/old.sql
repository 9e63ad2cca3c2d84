CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('reader', 'writer');
CREATE TABLE app.grants (id integer PRIMARY KEY, role app.role NOT NULL DEFAULT 'reader');
INSERT INTO app.grants VALUES (1, 'writer');
