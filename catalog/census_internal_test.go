package catalog

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/internal/pgtest"
)

// censusCases each create objects of one kind (or one attribute of an
// object) in an empty database: what the census lets Inspect leave out
// must never hide them. The list follows the branches of unmanagedQuery
// and objectsQuery, and the census keys.
var censusCases = []struct{ name, ddl string }{
	{"empty", ``},
	{"table", `CREATE TABLE t (a int)`},
	{"sequence", `CREATE SEQUENCE s`},
	{"unlogged sequence", `CREATE UNLOGGED SEQUENCE s`},
	{"owned sequence", `CREATE TABLE t (a int); CREATE SEQUENCE s OWNED BY t.a`},
	{"serial", `CREATE TABLE t (a serial)`},
	{"identity", `CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (INCREMENT 3))`},
	{"view", `CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t`},
	{"view column default", `CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW v ALTER a SET DEFAULT 2`},
	{"materialized view", `CREATE MATERIALIZED VIEW m AS SELECT 1 AS a; CREATE INDEX ON m (a)`},
	{"composite type", `CREATE TYPE c AS (a int, b text COLLATE "C")`},
	{"foreign table", `CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE FOREIGN TABLE f (a int) SERVER s`},
	{"partition", `CREATE TABLE p (a int DEFAULT 1) PARTITION BY LIST (a); CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
		ALTER TABLE p1 ALTER a SET DEFAULT 2`},
	{"partition index setting", `CREATE TABLE p (a int) PARTITION BY LIST (a); CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
		CREATE INDEX pi ON p (a); ALTER INDEX p1_a_idx SET (fillfactor = 50)`},
	{"inheritance", `CREATE TABLE a (x int); CREATE TABLE b (y int) INHERITS (a); ALTER TABLE b ALTER x SET NOT NULL`},
	{"typed table", `CREATE TYPE c AS (a int); CREATE TABLE t OF c`},
	{"column setting", `CREATE TABLE t (a int, b text); ALTER TABLE t ALTER a SET STATISTICS 10, ALTER b SET STORAGE EXTERNAL`},
	{"index column statistics", `CREATE TABLE t (a int); CREATE INDEX i ON t ((a + 1)); ALTER INDEX i ALTER COLUMN 1 SET STATISTICS 10`},
	{"clustered index", `CREATE TABLE t (a int PRIMARY KEY); CLUSTER t USING t_pkey`},
	{"replica identity", `CREATE TABLE t (a int); ALTER TABLE t REPLICA IDENTITY FULL`},
	{"exclusion constraint", `CREATE TABLE t (r int4range, EXCLUDE USING gist (r WITH &&))`},
	{"foreign key match full", `CREATE TABLE t (a int PRIMARY KEY, b int REFERENCES t MATCH FULL)`},
	{"trigger", `CREATE TABLE t (a int); CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
		CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f(); ALTER TABLE t DISABLE TRIGGER tg`},
	{"partition trigger state", `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
		CREATE TABLE p (a int) PARTITION BY LIST (a); CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
		CREATE TRIGGER tg AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f(); ALTER TABLE p1 DISABLE TRIGGER tg`},
	{"policy", `CREATE TABLE t (a int); CREATE POLICY p ON t USING (a > 0)`},
	{"rule", `CREATE TABLE t (a int); CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING; ALTER TABLE t DISABLE RULE r`},
	{"statistics", `CREATE TABLE t (a int, b int); CREATE STATISTICS st ON a, b FROM t; ALTER STATISTICS st SET STATISTICS 5`},
	{"function", `CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT $1'`},
	{"function on a table", `CREATE TABLE t (a int); CREATE SCHEMA o; CREATE FUNCTION o.f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM public.t; END`},
	{"function in a default", `CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1'; CREATE TABLE t (a int DEFAULT f() CHECK (a > f()))`},
	{"view in another schema", `CREATE TABLE t (a int); CREATE SCHEMA o; CREATE VIEW o.v AS SELECT a FROM public.t`},
	{"procedure", `CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'`},
	{"aggregate", `CREATE AGGREGATE ag(int) (SFUNC = int4pl, STYPE = int)`},
	{"shell type", `CREATE TYPE sh`},
	{"range type", `CREATE TYPE r AS RANGE (SUBTYPE = int4)`},
	{"domain", `CREATE DOMAIN d AS int DEFAULT 1 CHECK (VALUE > 0)`},
	{"enum", `CREATE TYPE e AS ENUM ('a')`},
	{"operator", `CREATE OPERATOR === (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int)`},
	{"operator class", `CREATE OPERATOR CLASS oc FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4)`},
	{"operator family", `CREATE OPERATOR FAMILY of USING btree`},
	{"conversion", `CREATE CONVERSION cv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8`},
	{"collation", `CREATE COLLATION co FROM "C"`},
	{"text search configuration", `CREATE TEXT SEARCH CONFIGURATION cfg (COPY = simple)`},
	{"text search dictionary", `CREATE TEXT SEARCH DICTIONARY dict (TEMPLATE = simple)`},
	{"text search parser", `CREATE TEXT SEARCH PARSER prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype)`},
	{"text search template", `CREATE TEXT SEARCH TEMPLATE tmpl (LEXIZE = dsimple_lexize)`},
	{"extension", `CREATE EXTENSION citext`},
	{"comment", `CREATE TABLE t (a int PRIMARY KEY); COMMENT ON INDEX t_pkey IS 'x'; COMMENT ON SCHEMA public IS 'y'`},
	{"schema", `CREATE SCHEMA k; COMMENT ON SCHEMA k IS 'x'`},
	{"cast", `CREATE TYPE c AS (a int); CREATE CAST (c AS text) WITH INOUT`},
	{"language", `CREATE LANGUAGE pl HANDLER plpgsql_call_handler`},
	{"access method", `CREATE ACCESS METHOD am TYPE TABLE HANDLER heap_tableam_handler`},
	{"foreign-data wrapper", `CREATE FOREIGN DATA WRAPPER w`},
	{"server", `CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w`},
	{"user mapping", `CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE USER MAPPING FOR PUBLIC SERVER s OPTIONS (user 'x')`},
	{"event trigger", `CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'; CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION f()`},
	{"publication", `CREATE PUBLICATION pub`},
}

// TestCensusHidesNothing checks, for objects of every kind created one
// kind at a time in an empty database, that Inspect reads the same with
// its census as with every query and branch, both reading every schema
// and reading public only (with -short: every schema, and a third of the
// cases); and that the census leaves out all it can on
// an empty database.
func TestCensusHidesNothing(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	for i, tc := range censusCases {
		if testing.Short() && i%3 != 0 {
			continue // -short: a third of the cases; make test runs them all
		}
		t.Run(tc.name, func(t *testing.T) {
			tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if tc.ddl != "" {
				if _, err := tx.ExecContext(ctx, tc.ddl); err != nil {
					t.Fatalf("DDL: %v", err)
				}
			}
			options := []Options{{}, {Schemas: []string{"public"}}}
			if testing.Short() {
				options = options[:1] // every schema: the census's widest
			}
			for _, opts := range options {
				want, err := inspect(ctx, tx, opts, false)
				if err != nil {
					t.Fatal(err)
				}
				got, err := inspect(ctx, tx, opts, true)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("schemas %v: Inspect with the census differs from without (-without +with):\n%s", opts.Schemas, diff)
				}
			}
		})
	}
	t.Run("empty database", func(t *testing.T) {
		in := &inspector{q: db}
		if _, _, _, err := in.schemas(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if len(in.census) != 0 {
			t.Errorf("census of an empty database: %v, want none", in.census)
		}
		if in.census.hasAny(objectsKeys()) {
			t.Error("an empty database has objects for objectsQuery")
		}
	})
}
