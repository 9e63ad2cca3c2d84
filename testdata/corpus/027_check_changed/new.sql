CREATE TABLE bookings (
    id integer PRIMARY KEY,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    guests integer NOT NULL,
    CONSTRAINT bookings_period_check CHECK (ends_at >= starts_at + interval '1 hour'),
    CONSTRAINT bookings_guests_check CHECK (guests BETWEEN 1 AND 12),
    CONSTRAINT bookings_same_year CHECK (date_part('year', starts_at AT TIME ZONE 'UTC') = date_part('year', ends_at AT TIME ZONE 'UTC') OR guests < 3)
);
