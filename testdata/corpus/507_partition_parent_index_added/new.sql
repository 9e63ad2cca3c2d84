CREATE TABLE clicks (id bigint NOT NULL, at date NOT NULL, url text, referrer text) PARTITION BY RANGE (at);
CREATE TABLE clicks_a PARTITION OF clicks FOR VALUES FROM ('2020-01-01') TO ('2030-01-01');
CREATE INDEX clicks_a_ref_idx ON clicks_a (referrer);
CREATE INDEX clicks_url_idx ON clicks (url);
CREATE UNIQUE INDEX clicks_id_at_idx ON clicks (id, at);
