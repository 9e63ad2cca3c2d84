CREATE TABLE invoices (id integer PRIMARY KEY, number text NOT NULL, total numeric, note text, CONSTRAINT invoices_number_key UNIQUE (number));
INSERT INTO invoices VALUES (1, 'A-1', 10, 'x');
