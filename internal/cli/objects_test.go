package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// objectBase is the models package every case of TestObjectRoundTrip
// starts from: one table, and the directives of the case (extra).
func objectBase(extra string) string {
	return `// Package models holds a table and the objects of one case.
//
` + extra + `
package models

//schemagen:table
type Account struct {
	ID    int64  ` + "`db:\"id,pk\"`" + `
	Email string ` + "`db:\"email\"`" + `
	Owner string ` + "`db:\"owner\"`" + `
}
`
}

// objectCase is one kind of object declared from Go, in two versions
// whose definitions differ.
type objectCase struct {
	name string
	// object is how check names the object that changes.
	object string
	// v1 and v2 map the files of the models package (beside models.go,
	// which objectBase writes with the directives of dirs) to their text.
	v1, v2 objectFiles
}

// objectFiles is one version of a case's models.
type objectFiles struct {
	dirs  string            // directive lines for the package doc comment
	src   string            // more Go source, appended to models.go
	files map[string]string // other files of the package
}

// writeObjects replaces the module's models package with the union of
// versions (whose names and files do not clash).
func writeObjects(m *testModule, versions []objectFiles) {
	m.t.Helper()
	var dirs []string
	var src strings.Builder
	for _, v := range versions {
		dirs = append(dirs, v.dirs)
		src.WriteString(v.src)
	}
	dir := m.t.TempDir()
	writeFile(m.t, filepath.Join(dir, "models.go"), objectBase(strings.Join(slices.DeleteFunc(dirs, func(d string) bool { return d == "" }), "\n"))+src.String())
	m.setModels(dir)
	for _, v := range versions {
		for name, text := range v.files {
			writeFile(m.t, filepath.Join(m.dir, "models", name), text)
		}
	}
}

// objectVersions returns version 1 of every case, but version 2 of the cases
// that v2 says.
func objectVersions(v2 func(objectCase) bool) []objectFiles {
	var out []objectFiles
	for _, tc := range objectCases {
		if v2(tc) {
			out = append(out, tc.v2)
		} else {
			out = append(out, tc.v1)
		}
	}
	return out
}

// sqlFile is a version of a case whose objects are in the SQL file name.
func sqlFile(name, text string) objectFiles {
	return objectFiles{dirs: "//schemagen:sql " + name, files: map[string]string{name: text}}
}

const triggerFunction = `CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(NEW.email);
  RETURN NEW;
END
$$;
`

// citextTable is a model whose column has the type of an extension.
const citextTable = `
//schemagen:table
type Tag struct {
	Name string ` + "`db:\"name,pk,type:citext\"`" + `
}
`

// itemModels is a table whose column price has the Go type typ, and a
// view that uses the column.
func itemModels(typ string) string {
	return `
//schemagen:table
type Item struct {
	ID    int64 ` + "`db:\"id,pk\"`" + `
	Price ` + typ + " `db:\"price\"`" + `
}

// Priced is a view of the column.
//
//schemagen:view priced AS SELECT id, price * 2 AS double FROM item
type Priced struct {
	ID     int64 ` + "`db:\"id\"`" + `
	Double int64 ` + "`db:\"double\"`" + `
}
`
}

// moodFunction uses the enum of moodModels, and nothing else.
const moodFunction = "CREATE FUNCTION mood_of(m mood, VARIADIC ms mood[]) RETURNS mood LANGUAGE sql AS 'SELECT m';\n"

// moodModels is an enum mood of the given values (Go string literals)
// and a table of it.
func moodModels(values string) string {
	var consts strings.Builder
	for i, v := range strings.Split(values, ", ") {
		fmt.Fprintf(&consts, "\tMood%d Mood = %s\n", i, v)
	}
	return `
// Mood is an enum.
//
//schemagen:enum
type Mood string

// The moods.
const (
` + consts.String() + `)

//schemagen:table
type Feeling struct {
	ID   int64 ` + "`db:\"id,pk\"`" + `
	Mood Mood  ` + "`db:\"mood\"`" + `
}
`
}

// objectCases lists a case per kind of object that models declare.
var objectCases = []objectCase{
	{
		name: "extension", object: "pg_trgm",
		v1: objectFiles{dirs: "//schemagen:extension citext", src: citextTable},
		v2: objectFiles{dirs: "//schemagen:extension citext\n//schemagen:extension pg_trgm", src: citextTable},
	},
	{
		name: "view", object: "active",
		v1: objectFiles{src: `
// Active is a view of accounts.
//
//schemagen:view active AS SELECT id, email FROM account
type Active struct {
	ID    int64  ` + "`db:\"id\"`" + `
	Email string ` + "`db:\"email\"`" + `
}
`},
		v2: objectFiles{src: `
// Active is a view of accounts with an email.
//
//schemagen:view active AS SELECT id, email FROM account WHERE email <> ''
type Active struct {
	ID    int64  ` + "`db:\"id\"`" + `
	Email string ` + "`db:\"email\"`" + `
}
`},
	},
	{
		name: "materialized view", object: "totals",
		v1: objectFiles{src: `
// Totals counts accounts.
//
//schemagen:view materialized totals totals.sql
type Totals struct {
	N int64 ` + "`db:\"n\"`" + `
}
`, files: map[string]string{"totals.sql": "SELECT count(*) AS n FROM account;\n"}},
		v2: objectFiles{src: `
// Totals counts accounts with an email.
//
//schemagen:view materialized totals totals.sql
type Totals struct {
	N int64 ` + "`db:\"n\"`" + `
}
`, files: map[string]string{"totals.sql": "-- with an email\nSELECT count(*) AS n FROM account WHERE email <> '';\n"}},
	},
	{
		name: "function", object: "add_one",
		v1: sqlFile("function.sql", "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';\n"),
		v2: sqlFile("function.sql", "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 2';\n"),
	},
	{
		name: "procedure", object: "touch",
		v1: sqlFile("procedure.sql", "CREATE PROCEDURE touch(a bigint) LANGUAGE sql AS $$ UPDATE account SET owner = owner WHERE id = a $$;\n"),
		v2: sqlFile("procedure.sql", "CREATE PROCEDURE touch(a bigint) LANGUAGE sql AS $$ UPDATE account SET email = email WHERE id = a $$;\n"),
	},
	{
		name: "trigger", object: "account_lower",
		v1: sqlFile("trigger.sql", triggerFunction+"CREATE TRIGGER account_lower BEFORE INSERT ON account FOR EACH ROW EXECUTE FUNCTION lower_email();\n"),
		v2: sqlFile("trigger.sql", triggerFunction+"CREATE TRIGGER account_lower BEFORE INSERT OR UPDATE ON account FOR EACH ROW EXECUTE FUNCTION lower_email();\n"),
	},
	{
		name: "policy", object: "account_owner",
		v1: sqlFile("policy.sql", "CREATE POLICY account_owner ON account USING (owner = current_user);\n"),
		v2: sqlFile("policy.sql", "CREATE POLICY account_owner ON account USING (owner = session_user);\n"),
	},
	{
		name: "domain", object: "positive",
		v1: sqlFile("domain.sql", "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\n"),
		v2: sqlFile("domain.sql", "CREATE DOMAIN positive AS integer CHECK (VALUE >= 0);\n"),
	},
	{
		name: "sequence", object: "ticket",
		v1: sqlFile("sequence.sql", "CREATE SEQUENCE ticket START 100;\n"),
		v2: sqlFile("sequence.sql", "CREATE SEQUENCE ticket START 100 INCREMENT 5;\n"),
	},
	{
		name: "composite type", object: "pair",
		v1: sqlFile("type.sql", "CREATE TYPE pair AS (a integer, b text);\n"),
		v2: sqlFile("type.sql", "CREATE TYPE pair AS (a integer, b text, c boolean);\n"),
	},
	{
		name: "rule", object: "account_keep",
		v1: sqlFile("rule.sql", "CREATE RULE account_keep AS ON DELETE TO account DO INSTEAD NOTHING;\n"),
		v2: sqlFile("rule.sql", "CREATE RULE account_keep AS ON DELETE TO account WHERE old.owner <> '' DO INSTEAD NOTHING;\n"),
	},
	{
		name: "collation", object: "ci",
		v1: sqlFile("collation.sql", "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n"),
		v2: sqlFile("collation.sql", "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);\n"),
	},
	{
		name: "statistics", object: "account_stats",
		v1: sqlFile("statistics.sql", "CREATE STATISTICS account_stats (dependencies) ON email, owner FROM account;\n"),
		v2: sqlFile("statistics.sql", "CREATE STATISTICS account_stats (ndistinct) ON email, owner FROM account;\n"),
	},
	{
		// A function whose argument is a table's row type: created after
		// the table, in the scratch database and in the plan.
		name: "function of a row type", object: "account_mail",
		v1: sqlFile("rowtype.sql", "CREATE FUNCTION account_mail(a account) RETURNS text LANGUAGE sql AS $$ SELECT a.email $$;\n"),
		v2: sqlFile("rowtype.sql", "CREATE FUNCTION account_mail(a public.account[]) RETURNS text LANGUAGE sql AS $$ SELECT a[1].owner $$;\n"),
	},
	{
		// Not an object's change: an enum that loses a value is rebuilt,
		// and the routines that use it (as an argument, its array, a
		// result) are dropped before and created again after.
		name: "routine over a rebuilt enum", object: "mood",
		v1: objectFiles{dirs: "//schemagen:sql mood.sql", src: moodModels(`"a", "b"`), files: map[string]string{"mood.sql": moodFunction}},
		v2: objectFiles{dirs: "//schemagen:sql mood.sql", src: moodModels(`"a"`), files: map[string]string{"mood.sql": moodFunction}},
	},
	{
		// Not an object's change: the type of a column that a view
		// uses, which the plan must drop the view for and create it
		// again after, live and offline alike.
		name: "view over a retyped column", object: "item",
		v1: objectFiles{src: itemModels("int32")},
		v2: objectFiles{src: itemModels("int64")},
	},
	{
		name: "hostile names", object: "Odd.View",
		v1: sqlFile("hostile.sql", `CREATE VIEW "Odd.View ""x""" AS SELECT 1 AS "a;b";
CREATE FUNCTION "Fn.Name("("user" integer, VARIADIC "select" text[]) RETURNS integer LANGUAGE sql AS $q$ SELECT ($$; DROP TABLE account; --$$::text IS NULL AND "user" > 0)::integer $q$;
`),
		v2: sqlFile("hostile.sql", `CREATE VIEW "Odd.View ""x""" AS SELECT 2 AS "a;b";
CREATE FUNCTION "Fn.Name("("user" integer, VARIADIC "select" text[]) RETURNS integer LANGUAGE sql AS $q$ SELECT 1 $q$;
`),
	},
}

// TestObjectRoundTrip runs the loop of a user who declares objects of
// every kind from Go, in one module (each a migration build less): v1 ->
// autogenerate -> upgrade -> check clean (live and offline); then, for
// each kind alone, its v2, whose definition differs -> check finds drift
// (live and offline) naming the object; then every v2 -> autogenerate ->
// upgrade -> check clean (live and offline) -> downgrade base leaves only
// the version table.
func TestObjectRoundTrip(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	writeObjects(m, objectVersions(func(objectCase) bool { return false }))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create objects")
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing")
	if !strings.Contains(out, "no changes") {
		t.Fatalf("autogenerate right after upgrade wrote a migration:\n%s", out)
	}

	for _, tc := range objectCases {
		writeObjects(m, objectVersions(func(c objectCase) bool { return c.name == tc.name }))
		for _, args := range [][]string{{"check"}, {"check", "--offline"}} {
			if out := m.must(ExitDrift, args...); !strings.Contains(out, tc.object) {
				t.Errorf("%s: schemagen %s does not name %q:\n%s", tc.name, strings.Join(args, " "), tc.object, out)
			}
		}
	}

	writeObjects(m, objectVersions(func(objectCase) bool { return true }))
	// The database at head gives the plan the migrations give: the
	// models' text, not the catalog's.
	if live, offline := m.autogenerated(t, false), m.autogenerated(t, true); live != offline {
		t.Errorf("revision --autogenerate against the database wrote\n%s\nwith --offline\n%s", live, offline)
	}
	m.must(ExitOK, "revision", "--autogenerate", "-m", "change objects")
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")

	// A view's query that does not give its struct's columns is an
	// error at the struct.
	wrong := objectVersions(func(objectCase) bool { return true })
	wrong[1].src = strings.Replace(wrong[1].src, "`db:\"email\"`", "`db:\"mail\"`", 1)
	writeObjects(m, wrong)
	if out := m.must(ExitError, "check"); !strings.Contains(out, "models.go:") || !strings.Contains(out, "the query has no column mail; the struct has no field for email") {
		t.Errorf("check of a view whose struct's columns differ from its query's:\n%s", out)
	}

	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
	assertNoObjects(t, m.dbURL)
}

// assertNoObjects fails unless the database holds none of the objects
// that models declare by their definition, as pg_catalog says (not
// package catalog).
func assertNoObjects(t *testing.T, dbURL string) {
	t.Helper()
	db := openURL(t, dbURL)
	var left string
	if err := db.QueryRow(noObjectsQuery).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != "" {
		t.Fatalf("after downgrade base, the database holds: %s", left)
	}
}

// noObjectsQuery lists the views, materialized views, sequences,
// functions, procedures, triggers, policies, rules, domains, composite
// types, collations, statistics and extensions (but plpgsql) of the
// database's user schemas.
const noObjectsQuery = `
SELECT coalesce(string_agg(what, ', ' ORDER BY what), '') FROM (
	SELECT c.relkind::text || ' ' || c.oid::regclass::text AS what
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('v', 'm', 'S', 'c') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
	UNION ALL
	SELECT 'routine ' || p.oid::regprocedure::text
	FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
	UNION ALL
	SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
	UNION ALL
	SELECT 'policy ' || polname FROM pg_policy
	UNION ALL
	SELECT 'rule ' || rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN' AND c.relnamespace <> 'pg_catalog'::regnamespace
	UNION ALL
	SELECT 'domain ' || t.oid::regtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
	WHERE t.typtype = 'd' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
	UNION ALL
	SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
	UNION ALL
	SELECT 'collation ' || collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
	WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
	UNION ALL
	SELECT 'statistics ' || stxname FROM pg_statistic_ext
) x`
