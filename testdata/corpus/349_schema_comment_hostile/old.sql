CREATE SCHEMA "we""ird.sch ü";
