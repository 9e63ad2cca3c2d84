package change_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// schemaExists reports whether schema name exists.
func schemaExists(t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var ok bool
	if err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)`, name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestDropSchemaHostileNames: CreateSchema and DropSchema (its DO block)
// with hostile names, with standard_conforming_strings on and off: each
// creates, keeps a non-empty schema and drops an empty one, and nothing
// else runs.
func TestDropSchemaHostileNames(t *testing.T) {
	t.Parallel()
	names := []string{`it's`, `a\b`, `a\'b`, `$$`, `$x$`, `a"b`, `ünï✓`, `'; DROP TABLE sentinel; --`, `\x27`, strings.Repeat("ä", 31)}
	for _, scs := range []string{"on", "off"} {
		t.Run("scs="+scs, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			db.SetMaxOpenConns(1)
			ctx := context.Background()
			mustExec(t, db, `SET standard_conforming_strings = `+scs)
			mustExec(t, db, `CREATE TABLE sentinel (id int)`)
			for _, n := range names {
				for _, c := range []change.Change{change.CreateSchema{Name: n}, change.CreateSchema{Name: n}} {
					if err := runChange(ctx, db, c); err != nil {
						t.Fatalf("%q: %v", n, err)
					}
				}
				mustExec(t, db, `CREATE TABLE `+schema.QuoteIdent(n)+`.t (id int)`)
				if err := runChange(ctx, db, change.DropSchema{Name: n}); err != nil {
					t.Fatalf("drop non-empty %q: %v", n, err)
				}
				if !schemaExists(t, db, n) {
					t.Fatalf("%q: non-empty schema dropped", n)
				}
				mustExec(t, db, `DROP TABLE `+schema.QuoteIdent(n)+`.t`)
				if err := runChange(ctx, db, change.DropSchema{Name: n}); err != nil {
					t.Fatalf("drop empty %q: %v", n, err)
				}
				if schemaExists(t, db, n) {
					t.Fatalf("%q: empty schema kept", n)
				}
			}
			mustExec(t, db, `SELECT count(*) FROM sentinel`)
		})
	}
}

// TestDropSchemaAutoDependents (found by review): DROP SCHEMA ...
// RESTRICT drops a schema whose only dependents are automatic ones
// (default privileges, a publication's schema membership), and so does
// DropSchema, as replay does; it kept such a schema, and check then
// reported it forever.
func TestDropSchemaAutoDependents(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]string{
		"default privileges": `ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO PUBLIC`,
		"publication":        `CREATE PUBLICATION p_review FOR TABLES IN SCHEMA s`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			ctx := context.Background()
			mustExec(t, db, `CREATE SCHEMA s`)
			mustExec(t, db, setup)
			if err := runChange(ctx, db, change.DropSchema{Name: "s"}); err != nil {
				t.Fatal(err)
			}
			if schemaExists(t, db, "s") {
				t.Errorf("schema s kept; DROP SCHEMA s RESTRICT drops it, and replay drops it")
			}
		})
	}
}
