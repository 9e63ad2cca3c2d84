CREATE TABLE t (doc tsvector);
CREATE INDEX t_doc ON t USING gist (doc tsvector_ops (siglen=100));
