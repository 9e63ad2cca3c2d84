CREATE TABLE items (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL,
    qty integer NOT NULL,
    name text NOT NULL,
    total numeric(12,2) GENERATED ALWAYS AS (price * qty) STORED,
    slug text NOT NULL GENERATED ALWAYS AS (lower(replace(name, ' ', '-'))) STORED
);
CREATE INDEX items_slug_idx ON items (slug);
