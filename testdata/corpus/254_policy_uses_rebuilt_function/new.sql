CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION allowed(y integer) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT y > 0 $$;
CREATE POLICY p ON t USING (allowed(a));
