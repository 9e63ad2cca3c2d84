CREATE TYPE perm AS ENUM ('admin', 'write', 'read');
CREATE TABLE roles (id integer PRIMARY KEY, perms perm[] NOT NULL DEFAULT '{read}');
