CREATE TABLE rooms (id integer PRIMARY KEY);
CREATE TABLE bookings (id integer PRIMARY KEY, room integer NOT NULL REFERENCES rooms (id), during tstzrange NOT NULL,
  EXCLUDE USING gist (during WITH &&) WHERE (room = 1), EXCLUDE USING btree (room WITH =, id WITH =));
