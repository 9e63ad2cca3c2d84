CREATE SCHEMA "we.ird";
