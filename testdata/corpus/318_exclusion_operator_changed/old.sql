CREATE TABLE spans (id integer PRIMARY KEY, r int4range NOT NULL, CONSTRAINT spans_r_excl EXCLUDE USING gist (r WITH &&));
INSERT INTO spans VALUES (1, '[1,5)'), (2, '[5,9)');
