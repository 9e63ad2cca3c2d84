CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY);
COMMENT ON TABLE b IS 'old comment of b';
COMMENT ON TABLE c IS 'c goes away';
