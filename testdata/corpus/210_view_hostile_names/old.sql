CREATE SCHEMA "we.ird";
CREATE TABLE "we.ird"."Tab""le" ("sel ect" integer, "ÿ" text);
