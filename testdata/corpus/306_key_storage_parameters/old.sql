CREATE TABLE slots (id integer PRIMARY KEY, position integer NOT NULL, CONSTRAINT slots_position_key UNIQUE (position) WITH (fillfactor = 70) DEFERRABLE);
CREATE TABLE refs (slot_id integer REFERENCES slots (id));
INSERT INTO slots VALUES (1, 1); INSERT INTO refs VALUES (1);
