CREATE SCHEMA "we.ird";
CREATE TABLE "we.ird"."Select ""All""" ("Key" int NOT NULL, "user" text, PRIMARY KEY ("Key")) PARTITION BY RANGE ("Key");
CREATE TABLE "we.ird"."part'1" PARTITION OF "we.ird"."Select ""All""" FOR VALUES FROM (0) TO (100);
CREATE TABLE public."ünï_päřtition_with_a_name_that_is_exactly_sixty_three_bytes" PARTITION OF "we.ird"."Select ""All""" FOR VALUES FROM (100) TO (200);
CREATE TABLE "we.ird"."order" ("group" text);
CREATE TABLE "we.ird"."table" ("from" int) INHERITS ("we.ird"."order");
