package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// schemaModels is a models package with the table users in the public
// schema and, in schema app, the tables named in app (each struct named
// after its table).
func schemaModels(app ...string) string {
	var b strings.Builder
	b.WriteString(`// Package models holds tables in the public schema and in schema app.
package models

// User is a user.
//
//schemagen:table users
type User struct {
	ID int64 ` + "`db:\"id,pk,identity\"`" + `
}
`)
	for _, name := range app {
		typ := strings.ToUpper(name[:1]) + name[1:]
		b.WriteString(`
// ` + typ + ` lives in schema app.
//
//schemagen:table app.` + name + `
type ` + typ + ` struct {
	ID int64 ` + "`db:\"id,pk,identity\"`" + `
}
`)
	}
	return b.String()
}

// TestBranchesShareNewSchema (issue 12, known bug C): two branches each
// add the first table of schema app, so that each migration creates the
// schema. After the merge, upgrade applies both; downgrading one branch
// keeps the schema, which still holds the other branch's table; replay
// agrees with the database all along; downgrade base leaves nothing.
func TestBranchesShareNewSchema(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(schemaModels())
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	first := m.migrationFiles()[0]

	m.writeModels(schemaModels("orders"))
	m.must(ExitOK, "revision", "--autogenerate", "-m", "branch a")
	fileA := newestFile(t, m.migrationFiles(), first)
	hidden := filepath.Join(m.dir, "a.go.hidden")
	if err := os.Rename(fileA, hidden); err != nil {
		t.Fatal(err)
	}
	m.writeModels(schemaModels("invoices"))
	m.must(ExitOK, "revision", "--autogenerate", "-m", "branch b")
	fileB := newestFile(t, m.migrationFiles(), first)
	if err := os.Rename(hidden, fileA); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{fileA, fileB} {
		if src, err := os.ReadFile(f); err != nil || !strings.Contains(string(src), `op.CreateSchema("app")`) {
			t.Fatalf("%s does not create schema app (%v):\n%s", f, err, src)
		}
	}
	m.must(ExitOK, "merge", "-m", "join branches", "heads")
	m.must(ExitOK, "upgrade")

	db := openURL(t, m.dbURL)
	assertAppTables := func(when string, want map[string]bool) {
		t.Helper()
		for name, exists := range want {
			var got bool
			if err := db.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, "app."+name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != exists {
				t.Errorf("%s: table app.%s exists: %v, want %v", when, name, got, exists)
			}
		}
	}
	assertAppTables("after the merge", map[string]bool{"orders": true, "invoices": true})
	m.writeModels(schemaModels("orders", "invoices"))
	m.must(ExitOK, "check", "--offline")
	m.must(ExitOK, "check")

	// Undo branch b: its downgrade drops its table and keeps schema app,
	// which holds branch a's table.
	m.must(ExitOK, "downgrade", revisionOf(fileA))
	assertAppTables("after undoing branch b", map[string]bool{"orders": true, "invoices": false})
	m.must(ExitOK, "upgrade", "head")
	assertAppTables("upgraded again", map[string]bool{"orders": true, "invoices": true})
	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
}

// TestBranchDropsSchemaOtherAddsTo: branch a drops the last table of
// schema app, and with it the schema; branch b adds a table to app. A
// database that applies a first (a fresh one, or one at a's head) failed
// on b's CREATE TABLE; b's migration now ensures the schema, so the
// branches compose: `merge heads` warns of nothing, the upgrade passes,
// and the database holds what the migrations say.
func TestBranchDropsSchemaOtherAddsTo(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(schemaModels("orders"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	first := m.migrationFiles()[0]

	m.writeModels(schemaModels())
	m.must(ExitOK, "revision", "--autogenerate", "-m", "branch a")
	fileA := newestFile(t, m.migrationFiles(), first)
	hidden := filepath.Join(m.dir, "a.go.hidden")
	if err := os.Rename(fileA, hidden); err != nil {
		t.Fatal(err)
	}
	m.writeModels(schemaModels("orders", "invoices"))
	m.must(ExitOK, "revision", "--autogenerate", "-m", "branch b")
	fileB := newestFile(t, m.migrationFiles(), first)
	if err := os.Rename(hidden, fileA); err != nil {
		t.Fatal(err)
	}
	if src, err := os.ReadFile(fileA); err != nil || !strings.Contains(string(src), `op.DropSchema("app")`) {
		t.Fatalf("%s does not drop schema app (%v):\n%s", fileA, err, src)
	}
	before := len(m.migrationFiles())
	code, stdout, stderr := m.run("merge", "-m", "join branches", "heads")
	if code != ExitOK {
		t.Fatalf("merge heads: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	if n := len(m.migrationFiles()); n != before+1 {
		t.Errorf("merge heads wrote %d file(s), want 1", n-before)
	}
	if strings.Contains(stderr, "do not compose") {
		t.Errorf("merge heads warns of a conflict:\n%s", stderr)
	}
	if src, err := os.ReadFile(fileB); err != nil || !strings.Contains(string(src), `op.EnsureSchema("app")`) {
		t.Errorf("%s does not ensure schema app (%v):\n%s", fileB, err, src)
	}
	m.must(ExitOK, "upgrade", "--allow-hazards", "all")
	// The database holds what the migrations say (the models are
	// branch b's, which the merge does not change).
	if out := m.must(ExitDrift, "check"); strings.Contains(out, "the database differs") {
		t.Errorf("check after the upgrade:\n%s", out)
	}
}

// TestMergeWarnsOfConflicts: branch a drops column n of table a, branch b
// indexes it. After the merge, a database that applies a first (a fresh
// one, or one at a's head) fails on b's CREATE INDEX. `merge heads`
// writes the merge all the same, exits 0, and warns of it, naming the
// revisions and the file.
func TestMergeWarnsOfConflicts(t *testing.T) {
	t.Parallel()
	m := offlineModule(t)
	m.clock = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	mig := filepath.Join(m.dir, "migrations")
	body := func(rev, parent, up string) string {
		return strings.Replace(migrationSource(rev, parent, "x", ""), `op.Execute("CREATE TABLE x (id int)")`, up, 1)
	}
	writeFile(t, filepath.Join(mig, "20260101000001_base.go"), body("20260101000001", "",
		`op.CreateTableNamed("a", migrate.Table{Columns: []*migrate.Column{{Name: "id", Type: "integer"}, {Name: "n", Type: "text", Nullable: true}}})`))
	writeFile(t, filepath.Join(mig, "20260101000002_a.go"), body("20260101000002", "20260101000001", `op.DropColumn("a", "n")`))
	writeFile(t, filepath.Join(mig, "20260101000003_b.go"), body("20260101000003", "20260101000001",
		`op.CreateIndex("a", migrate.Index{Name: "a_n_idx", Columns: []string{"n"}})`))
	code, stdout, stderr := m.run("merge", "heads")
	if code != ExitOK {
		t.Fatalf("merge heads: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"warning: the merged branches do not compose: a fresh database or one at 20260101000002 will fail to upgrade, at revision 20260101000003 (20260101000003_b.go)",
		"write a migration on one branch that makes every order work, or, instead of this merge, rebase one branch onto the other",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("merge heads: stderr lacks %q:\n%s", want, stderr)
		}
	}
	merges := 0
	for _, f := range m.migrationFiles() {
		if strings.Contains(filepath.Base(f), "_merge_") {
			merges++
		}
	}
	if merges != 1 {
		t.Errorf("merge heads wrote %d merge files, want 1", merges)
	}
}
