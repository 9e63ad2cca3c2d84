CREATE TABLE reservations (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL, doc tsvector);
CREATE INDEX reservations_during_idx ON reservations USING gist (during);
CREATE INDEX reservations_doc_idx ON reservations USING gist (doc);
