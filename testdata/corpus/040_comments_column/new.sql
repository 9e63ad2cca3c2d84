CREATE SCHEMA hr;
CREATE TABLE hr.staff (id integer PRIMARY KEY, name text NOT NULL, salary numeric(10,2), ssn text, "Start Date" date);
COMMENT ON COLUMN hr.staff.name IS 'full name';
COMMENT ON COLUMN hr.staff.salary IS 'monthly, net';
COMMENT ON COLUMN hr.staff."Start Date" IS 'first day';
COMMENT ON TABLE hr.staff IS 'everyone on the payroll';
