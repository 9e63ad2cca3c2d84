CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL, CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&));
INSERT INTO bookings VALUES (1, '[2026-01-01,2026-01-02)'), (2, '[2026-01-02,2026-01-03)');
