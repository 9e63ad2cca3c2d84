CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TABLE subscriptions (id integer PRIMARY KEY, plan plan NOT NULL DEFAULT 'free');
INSERT INTO subscriptions VALUES (1, 'pro');
