CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL, cancelled boolean NOT NULL DEFAULT false, note text,
  CONSTRAINT bookings_live_no_overlap EXCLUDE USING gist (during WITH &&) INCLUDE (note) WHERE (NOT cancelled));
