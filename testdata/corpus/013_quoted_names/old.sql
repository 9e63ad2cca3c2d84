CREATE TABLE "user" (id bigint PRIMARY KEY, "select" text NOT NULL);
INSERT INTO "user" VALUES (1, 'x');
