CREATE TABLE "Book""ings.x" ("Room ""A""" integer NOT NULL, "dür ing" tstzrange NOT NULL);
