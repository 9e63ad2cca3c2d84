CREATE TABLE audit (id bigint NOT NULL, at date NOT NULL, what text) PARTITION BY RANGE (at);
CREATE TABLE audit_all PARTITION OF audit DEFAULT;
CREATE INDEX audit_at_idx ON audit (at);
