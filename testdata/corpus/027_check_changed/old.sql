CREATE TABLE bookings (
    id integer PRIMARY KEY,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    guests integer NOT NULL,
    CONSTRAINT bookings_period_check CHECK (ends_at > starts_at),
    CONSTRAINT bookings_guests_check CHECK (guests BETWEEN 1 AND 10)
);
INSERT INTO bookings VALUES (1, '2026-01-01 10:00+00', '2026-01-02 10:00+00', 2);
