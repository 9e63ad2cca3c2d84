package parser

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/schema"
)

func TestLoadObjects(t *testing.T) {
	t.Parallel()
	s, err := load(t, "testdata/src/objects", "./good")
	if err != nil {
		t.Fatal(err)
	}
	type obj struct {
		Kind                     schema.ObjectKind
		Schema, Name, Table, Pos string
		Definition               string
		DependsOn                []schema.Dependency
		Columns                  []string
	}
	var got []obj
	for _, o := range s.Objects {
		got = append(got, obj{o.Kind, o.Schema, o.Name, o.Table, filepath.ToSlash(o.Pos), o.Definition, o.DependsOn, o.Columns})
	}
	dir := "testdata/src/objects/good/"
	tbl := func(name string) schema.Dependency {
		return schema.Dependency{Kind: schema.KindTable, Schema: "public", Name: name}
	}
	col := func(table, name string) schema.Dependency {
		return schema.Dependency{Kind: schema.KindTable, Schema: "public", Name: table, Column: name}
	}
	want := []obj{
		{Kind: "extension", Schema: "public", Name: "citext", Pos: dir + "doc.go:3:1", Definition: `CREATE EXTENSION "citext"`},
		{Kind: "extension", Schema: "extensions", Name: "pg_trgm", Pos: dir + "doc.go:4:1", Definition: `CREATE EXTENSION "pg_trgm" SCHEMA "extensions"`},
		{Kind: "function", Schema: "public", Name: "normalize_email()", Pos: dir + "sql/objects.sql:2:1",
			Definition: "CREATE FUNCTION normalize_email() RETURNS trigger LANGUAGE plpgsql AS $body$\nBEGIN\n  NEW.email := lower(NEW.email); -- a ; inside the body\n  RETURN NEW;\nEND\n$body$"},
		{Kind: "trigger", Schema: "public", Table: "account", Name: "account_email", Pos: dir + "sql/objects.sql:9:1",
			Definition: "CREATE TRIGGER account_email BEFORE INSERT OR UPDATE ON account\n  FOR EACH ROW EXECUTE FUNCTION normalize_email()",
			DependsOn:  []schema.Dependency{tbl("account"), {Kind: "function", Schema: "public", Name: "normalize_email()"}}},
		{Kind: "function", Schema: "public", Name: "add(a integer, b integer)", Pos: dir + "sql/objects.sql:12:1",
			Definition: "CREATE FUNCTION add(a int, b integer DEFAULT 1, OUT c bigint) LANGUAGE sql AS 'SELECT a + b'"},
		{Kind: "procedure", Schema: "public", Name: `Weird.Name(VARIADIC xs text[])`, Pos: dir + "sql/objects.sql:12:95",
			Definition: `CREATE PROCEDURE "Weird.Name"(VARIADIC xs text[]) LANGUAGE sql AS $$ SELECT 1 $$`},
		{Kind: "policy", Schema: "public", Table: "account", Name: "account_owner", Pos: dir + "sql/objects.sql:14:1",
			Definition: "CREATE POLICY account_owner ON public.account USING (owner = current_user)", DependsOn: []schema.Dependency{tbl("account"), col("account", "owner")}},
		{Kind: "domain", Schema: "public", Name: "positive", Pos: dir + "sql/objects.sql:15:1", Definition: "CREATE DOMAIN positive AS integer CHECK (VALUE > 0)"},
		{Kind: "sequence", Schema: "reporting", Name: "ticket", Pos: dir + "sql/objects.sql:16:1", Definition: "CREATE SEQUENCE reporting.ticket START 100"},
		{Kind: "type", Schema: "public", Name: "pair", Pos: dir + "sql/objects.sql:17:1", Definition: "CREATE TYPE pair AS (a positive, b text)",
			DependsOn: []schema.Dependency{{Kind: "domain", Schema: "public", Name: "positive"}}},
		{Kind: "rule", Schema: "public", Table: "account", Name: "account_no_delete", Pos: dir + "sql/objects.sql:18:1",
			Definition: "CREATE RULE account_no_delete AS ON DELETE TO account DO INSTEAD NOTHING", DependsOn: []schema.Dependency{tbl("account")}},
		{Kind: "view", Schema: "public", Name: "emails", Pos: dir + "sql/objects.sql:19:1",
			Definition: "CREATE VIEW emails AS WITH e AS (SELECT email FROM account) SELECT email FROM e", DependsOn: []schema.Dependency{col("account", "email")}},
		{Kind: "index", Schema: "reporting", Name: "totals_n", Table: "totals", Pos: dir + "sql/objects.sql:20:1",
			Definition: "CREATE UNIQUE INDEX totals_n ON reporting.totals (n)",
			DependsOn:  []schema.Dependency{{Kind: "materialized view", Schema: "reporting", Name: "totals"}}},
		{Kind: "collation", Schema: "public", Name: "ci", Pos: dir + "sql/objects.sql:21:1",
			Definition: "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"},
		{Kind: "statistics", Schema: "public", Name: "account_stats", Table: "account", Pos: dir + "sql/objects.sql:22:1",
			Definition: "CREATE STATISTICS account_stats (dependencies) ON email, owner FROM account",
			DependsOn:  []schema.Dependency{col("account", "email"), col("account", "owner")}},
		{Kind: "view", Schema: "public", Name: "active_account", Pos: dir + "models.go:12:1",
			Definition: `CREATE VIEW "public"."active_account" AS SELECT id, email FROM account WHERE email <> ''`,
			DependsOn:  []schema.Dependency{col("account", "id"), col("account", "email")}, Columns: []string{"id", "email"}},
		{Kind: "materialized view", Schema: "reporting", Name: "totals", Pos: dir + "models.go:21:1",
			Definition: "CREATE MATERIALIZED VIEW \"reporting\".\"totals\" AS SELECT count(*) AS n\nFROM account a JOIN active_account v USING (id)",
			DependsOn:  []schema.Dependency{{Kind: "view", Schema: "public", Name: "active_account"}, col("account", "id")}, Columns: []string{"n"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"extensions", "reporting"}, s.Schemas); diff != "" {
		t.Errorf("schemas (-want +got):\n%s", diff)
	}
	for _, tb := range s.Tables {
		if tb.Name != "account" {
			t.Errorf("unexpected table %s: a view's struct is no table", tb.Name)
		}
	}
}

func TestLoadObjectErrors(t *testing.T) {
	t.Parallel()
	_, err := load(t, "testdata/src/objects", "./bad")
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}
	var got []string
	for _, e := range list {
		got = append(got, strings.TrimPrefix(filepath.ToSlash(e.Error()), "testdata/src/objects/bad/"))
	}
	want := []string{
		"bad.sql:2:1: INSERT is not a declaration: an SQL file of the models holds only CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION statements",
		"bad.sql:2:27: GRANT is not a declaration: an SQL file of the models holds only CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION statements",
		"bad.sql:3:1: ALTER TABLE is not a declaration: an SQL file of the models holds only CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION statements",
		"bad.sql:4:1: CREATE TABLE: tables are Go structs marked //schemagen:table, not SQL",
		"bad.sql:5:1: CREATE TYPE ... AS ENUM: enums are Go types marked //schemagen:enum, not SQL",
		"bad.sql:6:1: CREATE EXTENSION IF NOT EXISTS: schemagen decides whether the object exists; IF NOT EXISTS would hide an object that differs",
		"bad.sql:7:1: CREATE SEQUENCE s: OWNED BY makes the sequence a column's; declare the column serial or identity in its model instead",
		"bad.sql:8:1: duplicate function public.f() (also at testdata/src/objects/bad/bad.sql:1:1)",
		"bad.sql:9:1: DO is not a declaration: an SQL file of the models holds only CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION statements",
		"bad.sql:10:1: CREATE SCHEMA is not a declaration: an SQL file of the models holds only CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION statements",
		"bad.sql:11:1: view t has the name of table t (also at testdata/src/objects/bad/doc.go:16:6)",
		"bad.sql:12:1: CREATE INDEX t_id: t is a table, whose indexes are //schemagen:index directives or index options of its model",
		"bad.sql:13:1: CREATE INDEX: name the index (its name is its identity)",
		"bad.sql:14:1: CREATE INDEX CONCURRENTLY: a plan decides how an index is built; write CREATE INDEX",
		`bad.sql:15:1: FUNCTION evil: schema "pg_catalog" is a system schema of PostgreSQL: models declare nothing in it`,
		"bad.sql:16:1: sequence t_pkey has the name of primary key of table t, t_pkey (also at testdata/src/objects/bad/doc.go:16:6)",
		"bad.sql:17:1: view u_id_seq has the name of serial sequence of table u, u_id_seq (also at testdata/src/objects/bad/doc.go:53:6)",
		"doc.go:3:1: //schemagen:sql nothing/*.sql: no file matches",
		"doc.go:4:1: //schemagen:sql ../outside/x.sql: name a file in the models' folder or below it, relative to it",
		"doc.go:5:1: //schemagen:sql /etc/passwd: name a file in the models' folder or below it, relative to it",
		"doc.go:7:1: //schemagen:sql notsql.txt: notsql.txt is no .sql file",
		"doc.go:9:1: //schemagen:sql link.sql: link.sql lies outside the models' folder",
		`doc.go:11:1: //schemagen:extension takes a name and an optional schema, got ""; want //schemagen:extension NAME [schema SCHEMA]`,
		`doc.go:12:1: //schemagen:extension takes a name and an optional schema, got "a b c"; want //schemagen:extension NAME [schema SCHEMA]`,
		"doc.go:21:1: type Both is marked both //schemagen:table and //schemagen:view; a struct is one or the other",
		"doc.go:24:1: //schemagen:view v1: the query holds a second statement",
		"doc.go:27:1: //schemagen:view v2: want AS QUERY or FILE.sql after the name: //schemagen:view [materialized] [[schema.]NAME] (AS QUERY | FILE.sql)",
		`doc.go:30:1: //schemagen:view v3: the query is not valid SQL: syntax error at or near "INSERT"`,
		"doc.go:33:1: //schemagen:view v4: the query holds WITH CHECK OPTION, which the directive does not take; declare such a view in an SQL file (//schemagen:sql)",
		"doc.go:36:1: view t has the name of table t (also at testdata/src/objects/bad/doc.go:16:6)",
		`doc.go:38:2: field A: a view's column takes no options ("pk"): its type, nullability and the rest come from the query`,
		"doc.go:44:1: //schemagen:view v7: name a file in the model's folder or below it, relative to it",
		`doc.go:47:1: //schemagen:view: schema "information_schema" is a system schema of PostgreSQL: models declare nothing in it`,
		`names.sql:1:1: identifier "long_view_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_o" is 70 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
		"two.sql:1:1: a view's SQL file holds one query, not 2 statements",
		`unterminated.sql:1:49: SQL: unterminated dollar-quoted string at or near "$$ SELECT 1;…"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// FuzzSQLFile: no SQL file makes the reading of SQL files panic, and every
// object it yields has a kind, a name and a definition that is one
// statement of the file's text.
func FuzzSQLFile(f *testing.F) {
	for _, s := range []string{
		"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';",
		"CREATE VIEW v AS SELECT 1; CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();",
		"CREATE FUNCTION g() RETURNS int AS $$ SELECT 1",
		"CREATE POLICY p ON \"a.b\".\"c\"\"d\" USING (true); INSERT INTO t VALUES (1)",
		"/* c */ CREATE DOMAIN d AS int -- x\n;",
		"CREATE INDEX ON t (a); CREATE TYPE p AS (a int);",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var errs ErrorList
		for _, po := range parseSQLFile("f.sql", src, &errs) {
			o := po.obj
			if o.Kind == "" || o.Name == "" || o.Definition == "" || !strings.Contains(src, o.Definition) {
				t.Errorf("object %+v of %q", o, src)
			}
		}
	})
}

// TestIdentityArgs: the identity of a function's arguments is spelled as
// pg_get_function_identity_arguments spells it for the usual types: OUT
// and TABLE parameters and defaults left out, type modifiers dropped,
// built-in types by format_type's names, names quoted as
// quote_identifier quotes them.
func TestIdentityArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ params, want string }{
		{"", ""},
		{"a int, b integer DEFAULT 1, OUT c bigint", "a integer, b integer"},
		{"int4, int8, int2, bool, float8, float4, real, decimal(3,1), varchar(10), char(2), timestamptz(3), timestamp, timetz, time", "integer, bigint, smallint, boolean, double precision, real, real, numeric, character varying, character, timestamp with time zone, timestamp without time zone, time with time zone, time without time zone"},
		{`"user" text, "select" int, "Mixed" int, "a b" int, name text, "x""y" int`, `"user" text, "select" integer, "Mixed" integer, "a b" integer, name text, "x""y" integer`},
		{"INOUT a int, VARIADIC b text[]", "INOUT a integer, VARIADIC b text[]"},
		{"a public.mood, b s.t[], c int[][]", "a public.mood, b s.t[], c integer[]"},
	} {
		tree, err := pg_query.Parse("CREATE FUNCTION f(" + tc.params + ") RETURNS int LANGUAGE sql AS 'SELECT 1'")
		if err != nil {
			t.Fatalf("%s: %v", tc.params, err)
		}
		got, err := identityArgs(tree.GetStmts()[0].GetStmt().GetCreateFunctionStmt().GetParameters())
		if err != nil || got != tc.want {
			t.Errorf("identityArgs(%s) = %q, %v; want %q", tc.params, got, err, tc.want)
		}
	}
}

// TestLexMessageFullCutsRunes: the "at or near" text of a parse error is
// shortened between characters, never inside one.
func TestLexMessageFullCutsRunes(t *testing.T) {
	t.Parallel()
	_, err := pg_query.Parse("SELECT 1 AS a " + strings.Repeat("€", 60))
	if err == nil {
		t.Fatal("Parse: want an error")
	}
	if msg := lexMessageFull(err); !utf8.ValidString(msg) || strings.Contains(msg, `\x`) {
		t.Errorf("lexMessageFull = %q, want whole characters", msg)
	}
}
