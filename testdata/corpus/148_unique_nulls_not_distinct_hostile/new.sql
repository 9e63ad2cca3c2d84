CREATE TABLE "T t" ("a,b" int, "c""d" int, CONSTRAINT "u ""q""" UNIQUE NULLS NOT DISTINCT ("c""d", "a,b"));
