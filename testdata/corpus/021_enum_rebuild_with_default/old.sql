CREATE TYPE state AS ENUM ('new', 'open', 'stale', 'closed');
CREATE TABLE issues (id integer PRIMARY KEY, state state NOT NULL DEFAULT 'new', prev state DEFAULT 'open');
CREATE TABLE archive (id integer PRIMARY KEY, state state NOT NULL DEFAULT 'closed');
INSERT INTO issues VALUES (1, 'new', NULL), (2, 'closed', 'open');
INSERT INTO archive VALUES (1, 'closed');
