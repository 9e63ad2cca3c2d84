package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
)

// TestFiltersKeepCheckClean puts beside the models' tables what a real
// database holds and the models do not own — an unrelated schema with a
// table and a function, the extensions citext and pg_trgm, and a legacy
// table using both — and checks that check reports it (drift, then not
// managed) until the filters leave it out, after which check is clean and
// autogenerate writes nothing, with the filters in schemagen.toml or given
// as flags.
func TestFiltersKeepCheckClean(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
CREATE FUNCTION reporting.refresh() RETURNS void LANGUAGE sql AS 'SELECT';
CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE TABLE public.legacy_orders (id int PRIMARY KEY, email citext, note text);
CREATE INDEX legacy_orders_note_trgm ON public.legacy_orders USING gin (note gin_trgm_ops);
CREATE AGGREGATE reporting.total(numeric) (sfunc = numeric_add, stype = numeric);
CREATE OPERATOR public.=== (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int);
`); err != nil {
		t.Fatal(err)
	}

	// Without filters: the tables are drift (exit 1), and what schemagen
	// does not manage is listed too.
	code, stdout, _ := m.run("check", "--format", "json")
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, stdout)
	}
	if code != ExitDrift || rep.Status != "drift" || !reportHas(rep, "operator", "public.===(integer,integer)") || !reportHas(rep, "aggregate", "reporting.total(numeric)") {
		t.Errorf("check without filters: exit %d, report %+v; want drift listing the operator and the aggregate as not managed", code, rep)
	}
	// Tables, extensions and functions are managed: drift.
	for _, want := range []string{"drop table reporting.daily", "drop extension citext", "drop function reporting.refresh()"} {
		if !slices.ContainsFunc(rep.Database, func(c reportChange) bool { return strings.Contains(c.Description, want) }) {
			t.Errorf("check without filters: database changes %+v, want %q", rep.Database, want)
		}
	}
	// The extensions' own objects (citext's type and functions,
	// pg_trgm's operator classes) are never read.
	for _, nm := range rep.NotManaged {
		if strings.Contains(nm.Name, "similarity") || strings.Contains(nm.Name, "gin_trgm_ops") || nm.Name == "public.citext" {
			t.Errorf("check lists an extension's member: %+v", nm)
		}
	}

	// The tables left out: only what is not managed differs (exit 3).
	cfg := filepath.Join(m.dir, ConfigFile)
	base, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, string(base)+"\nexclude = [\"reporting.*\", \"public.legacy_*\", \"citext\", \"pg_trgm\"]\n")
	out := m.must(ExitNotManaged, "check")
	if !strings.Contains(out, "check (live): not managed:") || !strings.Contains(out, "not managed: operator public.===(integer,integer) (only in the database)") ||
		strings.Contains(out, "legacy") || strings.Contains(out, "reporting") {
		t.Errorf("check with the tables and extensions excluded, want only the operator as not managed:\n%s", out)
	}
	code, stdout, _ = m.run("check", "--format", "json")
	rep = checkReport{}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != ExitNotManaged || rep.Status != "not_managed" || !reportHas(rep, "operator", "public.===(integer,integer)") {
		t.Errorf("check --format json with the tables excluded: exit %d, report %+v (%v)", code, rep, err)
	}

	// Everything the models do not own left out: clean, and nothing to
	// write.
	writeFile(t, cfg, string(base)+"\nexclude_schemas = [\"reporting\"]\nexclude = [\"public.legacy_*\", \"citext\", \"pg_trgm\", \"===\"]\n")
	m.must(ExitOK, "check")
	before := len(m.migrationFiles())
	if out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing"); !strings.Contains(out, "no changes") {
		t.Errorf("revision --autogenerate with the filters: %s", out)
	}
	if after := len(m.migrationFiles()); after != before {
		t.Errorf("revision --autogenerate wrote %d migration(s), want none", after-before)
	}

	// The same filters as flags, with none in the file.
	writeFile(t, cfg, string(base))
	m.must(ExitDrift, "check")
	m.must(ExitOK, "check", "--exclude-schema", "reporting", "--exclude", "public.legacy_*", "--exclude", "citext", "--exclude", "pg_trgm", "--exclude", "===")
	// A flag's list replaces the file's; an include list leaves out every
	// other schema.
	m.must(ExitOK, "check", "--schema", "public", "--exclude", "legacy_*", "--exclude", "citext", "--exclude", "pg_trgm", "--exclude", "===")
	m.must(ExitError, "check", "--exclude", ".t")

	// diff: a difference not managed alone exits 3, and the filters
	// apply to both sides.
	_, fromURL := pgtest.DB(t)
	toDB, toURL := pgtest.DB(t)
	if _, err := toDB.Exec(`CREATE OPERATOR === (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int)`); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := m.run("diff", "--from", fromURL, "--to", toURL)
	if code != ExitNotManaged || stdout != "" || !strings.Contains(stderr, "not managed: operator public.===(integer,integer) (only in ") {
		t.Errorf("diff with an operator only in --to: exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	writeFile(t, cfg, string(base))
	m.must(ExitOK, "diff", "--from", fromURL, "--to", toURL, "--exclude", "===")
}

// reportHas reports whether rep lists a not-managed object of kind and
// name.
func reportHas(rep checkReport, kind, name string) bool {
	for _, nm := range rep.NotManaged {
		if nm.Kind == kind && nm.Name == name {
			return true
		}
	}
	return false
}
