CREATE TABLE jobs (id bigint NOT NULL, queue text NOT NULL) PARTITION BY LIST (queue);
CREATE TABLE jobs_fast PARTITION OF jobs FOR VALUES IN ('fast');
