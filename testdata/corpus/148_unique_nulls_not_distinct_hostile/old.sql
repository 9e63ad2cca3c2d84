CREATE TABLE "T t" ("a,b" int, "c""d" int);
