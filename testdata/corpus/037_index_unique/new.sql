CREATE TABLE members (id integer PRIMARY KEY, org integer NOT NULL, email text NOT NULL, nick text);
CREATE UNIQUE INDEX members_org_email_idx ON members (org, email);
CREATE UNIQUE INDEX members_nick_key ON members (nick);
CREATE TABLE invites (org integer NOT NULL, email text NOT NULL, FOREIGN KEY (org, email) REFERENCES members (org, email));
