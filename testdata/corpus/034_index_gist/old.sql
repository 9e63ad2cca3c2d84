CREATE TABLE reservations (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL, doc tsvector);
INSERT INTO reservations VALUES (1, 1, '[2026-01-01, 2026-01-02)', to_tsvector('simple', 'a b'));
