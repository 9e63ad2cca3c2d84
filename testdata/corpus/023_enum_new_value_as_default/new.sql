CREATE TYPE plan AS ENUM ('trial', 'free', 'pro');
CREATE TABLE subscriptions (id integer PRIMARY KEY, plan plan NOT NULL DEFAULT 'trial');
