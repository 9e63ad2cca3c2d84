CREATE TABLE jobs (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz, deleted boolean NOT NULL DEFAULT false);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state IN ('pending', 'retry') AND run_at IS NOT NULL;
CREATE UNIQUE INDEX jobs_state_live_key ON jobs (id, state) WHERE NOT deleted;
CREATE INDEX jobs_deleted_idx ON jobs (id) WHERE deleted;
