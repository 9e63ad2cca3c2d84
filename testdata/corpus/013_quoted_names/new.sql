CREATE SCHEMA "Sales Data";
CREATE TABLE "user" (id bigint PRIMARY KEY, "select" text NOT NULL, "group" text NOT NULL DEFAULT 'none', "limit" integer);
CREATE INDEX "user_select_idx" ON "user" ("select");
CREATE TABLE "order" (
    id bigint PRIMARY KEY,
    "user_id" bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    "from" date,
    CONSTRAINT "order_From_check" CHECK ("from" > '2000-01-01')
);
CREATE TABLE "UserAccounts" ("ID" bigint PRIMARY KEY, "DisplayName" text NOT NULL, CONSTRAINT "UQ_DisplayName" UNIQUE ("DisplayName"));
CREATE INDEX "IX_UserAccounts_Lower" ON "UserAccounts" (lower("DisplayName"));
CREATE TABLE "Sales Data"."order items" ("line no" integer PRIMARY KEY, "Order ID" bigint REFERENCES "order" (id), "unit price" numeric(10,2) DEFAULT 0);
COMMENT ON TABLE "Sales Data"."order items" IS 'it''s quoted';
COMMENT ON COLUMN "Sales Data"."order items"."line no" IS 'the "line"';
