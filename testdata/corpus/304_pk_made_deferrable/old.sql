CREATE TABLE items (id integer PRIMARY KEY, name text);
INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 50) g;
