CREATE SCHEMA "we""ird.sch ü"; COMMENT ON SCHEMA "we""ird.sch ü" IS E'it\'s "quoted";\nline two -- not a comment; DROP SCHEMA public; ünï';
