CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;
CREATE TABLE "Users" (
    id int PRIMARY KEY,
    login ext.citext NOT NULL
);
