CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL, cancelled boolean NOT NULL DEFAULT false, note text);
