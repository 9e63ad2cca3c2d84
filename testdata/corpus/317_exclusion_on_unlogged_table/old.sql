CREATE TABLE holds (id integer PRIMARY KEY, span int4range NOT NULL, who text);
INSERT INTO holds VALUES (1, '[1,4)', 'a'), (2, '[4,8)', 'b');
