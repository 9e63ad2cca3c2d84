CREATE SCHEMA "Sch.""q"""; CREATE TABLE "Sch.""q"""."Pa rent" ("ID" integer PRIMARY KEY);
CREATE TABLE "Sch.""q"""."chïld.x" (id integer PRIMARY KEY, "par""ent" integer, CONSTRAINT "fk.""quoted"" ünï" FOREIGN KEY ("par""ent") REFERENCES "Sch.""q"""."Pa rent" ("ID"));
INSERT INTO "Sch.""q"""."Pa rent" VALUES (1); INSERT INTO "Sch.""q"""."chïld.x" VALUES (1, 1);
