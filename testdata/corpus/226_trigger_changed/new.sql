CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.b := upper(NEW.b); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION touch();
