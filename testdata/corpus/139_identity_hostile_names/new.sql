CREATE SCHEMA "s.p";
CREATE TABLE "s.p"."o'ne" ("ta""ble" bigint GENERATED ALWAYS AS IDENTITY (START WITH 42), "Col" int);
