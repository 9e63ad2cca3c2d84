CREATE SCHEMA "Sch ema";
CREATE TABLE "Sch ema"."Ta""ble.x" ("sel ect" serial PRIMARY KEY, "Ünï" bigserial, "user" text);
