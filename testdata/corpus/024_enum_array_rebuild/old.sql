CREATE TYPE perm AS ENUM ('read', 'write', 'exec', 'admin');
CREATE TABLE roles (id integer PRIMARY KEY, perms perm[] NOT NULL DEFAULT '{read}');
INSERT INTO roles VALUES (1, '{read,write}'), (2, '{}');
