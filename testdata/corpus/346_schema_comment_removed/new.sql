CREATE SCHEMA billing; CREATE TABLE billing.t (id integer);
