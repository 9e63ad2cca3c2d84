CREATE SCHEMA "Hotel"; CREATE TABLE "Hotel".stays (id integer PRIMARY KEY, guest text NOT NULL, during daterange NOT NULL, CONSTRAINT "stays overlap" EXCLUDE USING gist (during WITH &&) WHERE (guest <> ''));
INSERT INTO "Hotel".stays VALUES (1, 'a', '[2026-01-01,2026-01-05)');
