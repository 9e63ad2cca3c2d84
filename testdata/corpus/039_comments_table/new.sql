CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY);
CREATE TABLE d (id integer PRIMARY KEY, note text);
COMMENT ON TABLE a IS 'a''s new comment, with a comma';
COMMENT ON TABLE b IS E'b: line one\nline two';
COMMENT ON TABLE d IS 'a new table with a comment';
COMMENT ON COLUMN d.note IS 'a new column comment';
