CREATE TABLE members (id integer PRIMARY KEY, org integer NOT NULL, email text NOT NULL, nick text);
CREATE INDEX members_org_email_idx ON members (org, email);
INSERT INTO members VALUES (1, 1, 'a@x', 'a'), (2, 1, 'b@x', NULL);
