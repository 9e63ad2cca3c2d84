CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
CREATE TABLE tickets (id integer PRIMARY KEY, title text NOT NULL, prio priority NOT NULL DEFAULT 'normal');
CREATE TABLE escalations (ticket_id integer NOT NULL REFERENCES tickets (id), from_prio priority, to_prio priority NOT NULL);
