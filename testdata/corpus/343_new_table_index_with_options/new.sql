CREATE TABLE "Logs" (id bigint PRIMARY KEY, msg text, at timestamptz);
CREATE INDEX "Logs at ""idx""" ON "Logs" (at DESC) WITH (fillfactor = 90, deduplicate_items = off) WHERE (msg IS NOT NULL);
