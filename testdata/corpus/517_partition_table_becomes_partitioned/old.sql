CREATE TABLE audit (id bigint NOT NULL, at date NOT NULL, what text);
CREATE INDEX audit_at_idx ON audit (at);
