CREATE TABLE "MixedCase" ("Id" integer PRIMARY KEY, "Name" text NOT NULL, "a name with space" varchar(20) DEFAULT 'y', "select" bigint);
CREATE INDEX "MixedCase_Name_idx" ON "MixedCase" ("Name", "a name with space");
ALTER TABLE "MixedCase" ADD CONSTRAINT "MixedCase select positive" CHECK ("select" > 0);
COMMENT ON COLUMN "MixedCase"."a name with space" IS 'spaced';
