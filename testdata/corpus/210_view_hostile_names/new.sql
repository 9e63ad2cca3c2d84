CREATE SCHEMA "we.ird";
CREATE TABLE "we.ird"."Tab""le" ("sel ect" integer, "ÿ" text);
CREATE VIEW "we.ird"."v""iew.x" AS SELECT "sel ect" AS "from", "ÿ" FROM "we.ird"."Tab""le";
CREATE VIEW "we.ird"."select" AS SELECT "from" FROM "we.ird"."v""iew.x";
