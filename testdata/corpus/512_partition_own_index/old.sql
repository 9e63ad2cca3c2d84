CREATE TABLE docs (id bigint NOT NULL, lang text NOT NULL, body text) PARTITION BY LIST (lang);
CREATE TABLE docs_en PARTITION OF docs FOR VALUES IN ('en');
CREATE TABLE docs_fr PARTITION OF docs FOR VALUES IN ('fr');
CREATE INDEX docs_id_idx ON docs (id);
