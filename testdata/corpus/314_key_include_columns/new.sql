CREATE TABLE invoices (id integer, number text NOT NULL, total numeric, note text,
  CONSTRAINT invoices_pkey PRIMARY KEY (id) INCLUDE (note),
  CONSTRAINT invoices_number_key UNIQUE (number) INCLUDE (total, id) WITH (fillfactor = 90));
INSERT INTO invoices VALUES (1, 'A-1', 10, 'x');
