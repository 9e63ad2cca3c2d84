CREATE TABLE slots (id integer PRIMARY KEY, position integer NOT NULL, CONSTRAINT slots_position_key UNIQUE (position) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO slots VALUES (1, 10), (2, 20);
