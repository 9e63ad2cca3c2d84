package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
