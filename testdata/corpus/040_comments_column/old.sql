CREATE SCHEMA hr;
CREATE TABLE hr.staff (id integer PRIMARY KEY, name text NOT NULL, salary numeric(10,2), ssn text);
COMMENT ON COLUMN hr.staff.salary IS 'yearly, gross';
COMMENT ON COLUMN hr.staff.ssn IS 'sensitive';
