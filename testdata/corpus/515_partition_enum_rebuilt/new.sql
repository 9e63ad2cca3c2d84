CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE diary (id int NOT NULL, m mood NOT NULL DEFAULT 'happy', PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE diary_a PARTITION OF diary FOR VALUES FROM (0) TO (10);
CREATE TABLE diary_rest PARTITION OF diary DEFAULT;
CREATE INDEX diary_m_idx ON diary (m) WHERE m <> 'sad';
CREATE TABLE base (m mood);
CREATE TABLE kid (x int) INHERITS (base);
