CREATE SCHEMA billing; COMMENT ON SCHEMA billing IS 'new: invoices, payments';
