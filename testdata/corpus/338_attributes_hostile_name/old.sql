CREATE SCHEMA "a.b"; CREATE TABLE "a.b"."t ""1"" ü" (id integer PRIMARY KEY, "select" text);
INSERT INTO "a.b"."t ""1"" ü" VALUES (1, 'x');
