CREATE TABLE slots (id integer, position integer NOT NULL, CONSTRAINT slots_pkey PRIMARY KEY (id) WITH (fillfactor = 80), CONSTRAINT slots_position_key UNIQUE (position) WITH (fillfactor = 60, deduplicate_items = off) DEFERRABLE);
CREATE TABLE refs (slot_id integer REFERENCES slots (id));
INSERT INTO slots VALUES (1, 1); INSERT INTO refs VALUES (1);
