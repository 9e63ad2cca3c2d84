CREATE SCHEMA billing; CREATE TABLE billing.t (id integer); COMMENT ON SCHEMA billing IS 'gone soon';
