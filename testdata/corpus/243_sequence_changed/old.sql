CREATE SEQUENCE tickets INCREMENT 1;
CREATE TABLE u (id bigint DEFAULT nextval('tickets') NOT NULL);
