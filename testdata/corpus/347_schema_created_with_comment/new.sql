CREATE SCHEMA reports; COMMENT ON SCHEMA reports IS 'Read-only reporting tables.'; CREATE TABLE reports.daily (day date PRIMARY KEY);
