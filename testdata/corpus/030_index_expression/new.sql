CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, first text, last text);
CREATE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_name_idx ON users ((coalesce(first, '') || ' ' || coalesce(last, '')), id);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email), (length(email)));
