-- An extension moves to another schema: its name is the database's, so
-- the drop goes before the creation.
CREATE SCHEMA "ext x";
CREATE EXTENSION pg_trgm SCHEMA "ext x";
CREATE TABLE t (id int PRIMARY KEY, name text);
