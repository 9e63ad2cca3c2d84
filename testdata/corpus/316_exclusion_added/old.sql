CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL);
INSERT INTO bookings VALUES (1, '[2026-01-01,2026-01-02)'), (2, '[2026-01-02,2026-01-03)');
