CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE visits (user_id bigint NOT NULL, at date NOT NULL,
    CONSTRAINT visits_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT visits_at_check CHECK (at > '2000-01-01')) PARTITION BY RANGE (at);
CREATE TABLE visits_all PARTITION OF visits FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
