CREATE SCHEMA "a.b"; CREATE UNLOGGED TABLE "a.b"."t ""1"" ü" (id integer PRIMARY KEY, "select" text) WITH (fillfactor = 60);
ALTER TABLE "a.b"."t ""1"" ü" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
INSERT INTO "a.b"."t ""1"" ü" VALUES (1, 'x');
