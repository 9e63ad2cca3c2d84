CREATE TABLE readings (id integer PRIMARY KEY, value numeric, CONSTRAINT "only here" CHECK (value IS NOT NULL) NO INHERIT);
