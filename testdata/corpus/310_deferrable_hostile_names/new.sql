CREATE SCHEMA "Sch.""q"""; CREATE TABLE "Sch.""q"""."Pa rent" ("ID" integer PRIMARY KEY);
CREATE TABLE "Sch.""q"""."chïld.x" (id integer, "par""ent" integer, CONSTRAINT "fk.""quoted"" ünï" FOREIGN KEY ("par""ent") REFERENCES "Sch.""q"""."Pa rent" ("ID") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "select" PRIMARY KEY (id) DEFERRABLE);
INSERT INTO "Sch.""q"""."Pa rent" VALUES (1); INSERT INTO "Sch.""q"""."chïld.x" VALUES (1, 1);
