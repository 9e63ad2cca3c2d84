CREATE TYPE state AS ENUM ('new', 'open', 'closed');
CREATE TABLE issues (id integer PRIMARY KEY, state state NOT NULL DEFAULT 'new', prev state DEFAULT 'open');
CREATE TABLE archive (id integer PRIMARY KEY, state state NOT NULL DEFAULT 'closed');
