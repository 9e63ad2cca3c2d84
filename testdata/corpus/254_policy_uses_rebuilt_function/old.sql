CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION allowed(x integer) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT x > 0 $$;
CREATE POLICY p ON t USING (allowed(a));
