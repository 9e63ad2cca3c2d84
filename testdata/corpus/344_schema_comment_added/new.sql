CREATE SCHEMA billing; CREATE TABLE billing.invoices (id integer PRIMARY KEY);
COMMENT ON SCHEMA billing IS 'Money in and out.';
