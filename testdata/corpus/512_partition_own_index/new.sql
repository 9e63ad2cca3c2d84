CREATE TABLE docs (id bigint NOT NULL, lang text NOT NULL, body text) PARTITION BY LIST (lang);
CREATE TABLE docs_en PARTITION OF docs FOR VALUES IN ('en');
CREATE TABLE docs_fr PARTITION OF docs FOR VALUES IN ('fr');
CREATE INDEX docs_id_idx ON docs (id);
CREATE INDEX docs_en_body_idx ON docs_en (lower(body));
CREATE UNIQUE INDEX docs_fr_id_key ON docs_fr (id) WHERE body IS NOT NULL;
