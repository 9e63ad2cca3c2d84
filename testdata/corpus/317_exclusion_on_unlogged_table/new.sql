CREATE UNLOGGED TABLE holds (id integer PRIMARY KEY, span int4range NOT NULL, who text,
  CONSTRAINT holds_span_excl EXCLUDE USING spgist (span WITH &&) WHERE (who IS NOT NULL) DEFERRABLE INITIALLY DEFERRED) WITH (fillfactor = 50);
INSERT INTO holds VALUES (1, '[1,4)', 'a'), (2, '[4,8)', 'b');
