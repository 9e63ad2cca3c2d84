package cli

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver of the pgx-only test module; in schemagen's go.mod, so the module cache holds it offline

	"github.com/schemagen/schemagen/migrate"
)

// pgxPath is the module path of pgx.
const pgxPath = "github.com/jackc/pgx/v5"

// pgxApp is an application package that uses pgx as its database/sql
// driver, as a pgx-only application does: its module never requires
// lib/pq.
const pgxApp = `// Package app opens the application's database with pgx.
package app

import (
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Open opens the database at url.
func Open(url string) (*sql.DB, error) { return sql.Open("pgx", url) }
`

// pgxVersions reads the default version table of the database at url
// through pgx, as the application would.
func pgxVersions(t *testing.T, url string) []string {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	revs, err := migrate.ReadVersions(context.Background(), db, migrate.DefaultVersionTable())
	if err != nil {
		t.Fatalf("read the version table with pgx: %v", err)
	}
	return revs
}
