CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;
CREATE TABLE "Users" (
    id int PRIMARY KEY,
    login text NOT NULL
);
CREATE TABLE ext.audit (
    id int PRIMARY KEY,
    who ext.citext
);
