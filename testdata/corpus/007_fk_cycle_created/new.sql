CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE teams (id bigint PRIMARY KEY, captain_id bigint, owner_id bigint NOT NULL REFERENCES users (id));
CREATE TABLE members (id bigint PRIMARY KEY, team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE);
ALTER TABLE teams ADD CONSTRAINT teams_captain_id_fkey FOREIGN KEY (captain_id) REFERENCES members (id) ON DELETE SET NULL;
