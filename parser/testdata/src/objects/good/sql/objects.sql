-- Functions, triggers and the rest.
CREATE FUNCTION normalize_email() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.email := lower(NEW.email); -- a ; inside the body
  RETURN NEW;
END
$body$;

CREATE TRIGGER account_email BEFORE INSERT OR UPDATE ON account
  FOR EACH ROW EXECUTE FUNCTION normalize_email();

CREATE FUNCTION add(a int, b integer DEFAULT 1, OUT c bigint) LANGUAGE sql AS 'SELECT a + b'; CREATE PROCEDURE "Weird.Name"(VARIADIC xs text[]) LANGUAGE sql AS $$ SELECT 1 $$;

CREATE POLICY account_owner ON public.account USING (owner = current_user);
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE SEQUENCE reporting.ticket START 100;
CREATE TYPE pair AS (a positive, b text);
CREATE RULE account_no_delete AS ON DELETE TO account DO INSTEAD NOTHING;
CREATE VIEW emails AS WITH e AS (SELECT email FROM account) SELECT email FROM e;
CREATE UNIQUE INDEX totals_n ON reporting.totals (n);
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE STATISTICS account_stats (dependencies) ON email, owner FROM account;
