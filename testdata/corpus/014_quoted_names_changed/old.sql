CREATE TABLE "MixedCase" ("Id" integer PRIMARY KEY, "Name" text, "a name with space" text NOT NULL DEFAULT 'x', "select" integer);
CREATE INDEX "MixedCase_Name_idx" ON "MixedCase" ("Name");
INSERT INTO "MixedCase" VALUES (1, 'a', 'b', 1);
