CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL, legacy int4range, CONSTRAINT bookings_legacy_excl EXCLUDE USING gist (legacy WITH &&));
