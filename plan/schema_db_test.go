package plan_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// sharedSchemaMigration is a migration that a branch writes for the first
// table of schema app: the differ's upgrade (create schema app, create
// the table) and its reverse.
type sharedSchemaMigration struct {
	name     string
	up, down []change.Change
}

func newSharedSchemaMigration(t *testing.T, name string) sharedSchemaMigration {
	t.Helper()
	model := &schema.Schema{Tables: []*schema.Table{{
		Schema: "app", Name: name,
		Columns:    []*schema.Column{{Name: "id", Type: "integer"}},
		PrimaryKey: &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}},
	}}}
	up, err := differ.Diff(&schema.Schema{}, model)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := up[0].(change.CreateSchema); !ok {
		t.Fatalf("the upgrade of %s does not begin with creating its schema: %v", name, up)
	}
	down, ok := change.ReverseAll(up)
	if !ok {
		t.Fatalf("the upgrade of %s has no reverse", name)
	}
	return sharedSchemaMigration{name: name, up: up, down: down}
}

// TestSharedSchema (issue 12, known bug C): two branches each add the
// first table of schema app, so that each migration creates the schema.
// Merged, they upgrade in either order, and downgrade in either order:
// the downgrade that runs first keeps the schema, which still holds the
// other branch's table, the second drops it. At every step the database
// holds what replay says. A schema that also holds an object the models
// do not know (a function) is never dropped with it, and nor is the
// object.
func TestSharedSchema(t *testing.T) {
	t.Parallel()
	a, b := newSharedSchemaMigration(t, "t2"), newSharedSchemaMigration(t, "t3")
	tests := []struct {
		up, down []sharedSchemaMigration
		// function makes a function in schema app before the
		// downgrades: the schema must stay.
		function bool
	}{
		{up: []sharedSchemaMigration{a, b}, down: []sharedSchemaMigration{b, a}},
		{up: []sharedSchemaMigration{a, b}, down: []sharedSchemaMigration{a, b}},
		{up: []sharedSchemaMigration{b, a}, down: []sharedSchemaMigration{a, b}},
		{up: []sharedSchemaMigration{b, a}, down: []sharedSchemaMigration{b, a}},
		{up: []sharedSchemaMigration{a, b}, down: []sharedSchemaMigration{b, a}, function: true},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("up %s %s, down %s %s", tc.up[0].name, tc.up[1].name, tc.down[0].name, tc.down[1].name)
		if tc.function {
			name += ", a function in the schema"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			ctx := context.Background()
			replayed := &schema.Schema{}
			step := func(when string, changes []change.Change) {
				t.Helper()
				if err := runInTx(ctx, db, changes); err != nil {
					t.Fatalf("%s: %v", when, err)
				}
				var err error
				if replayed, err = plan.Replay(replayed, changes); err != nil {
					t.Fatalf("%s: %v", when, err)
				}
				if d := cmp.Diff(replayed.Normalize(), inspect(t, db).Normalize(), cmpopts.EquateEmpty()); d != "" {
					t.Fatalf("after %s, the database differs from replay (-replay +database):\n%s", when, d)
				}
			}
			for _, m := range tc.up {
				step("upgrade "+m.name, m.up)
			}
			if _, ok := replayed.Table(schema.QualifiedName{Schema: "app", Name: "t2"}); !ok {
				t.Fatal("table app.t2 is missing after both upgrades")
			}
			if tc.function {
				mustExec(t, db, `CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`)
				for _, m := range tc.down {
					if err := runInTx(ctx, db, m.down); err != nil {
						t.Fatalf("downgrade %s: %v", m.name, err)
					}
				}
				var n int
				if err := db.QueryRowContext(ctx, `SELECT app.f()`).Scan(&n); err != nil || n != 1 {
					t.Fatalf("the function in schema app did not survive the downgrades: %d, %v", n, err)
				}
				return
			}
			for _, m := range tc.down {
				step("downgrade "+m.name, m.down)
			}
			if len(replayed.Schemas) != 0 || len(replayed.Tables) != 0 {
				t.Errorf("after both downgrades, replay holds %v and %d table(s)", replayed.Schemas, len(replayed.Tables))
			}
		})
	}
}

// runInTx runs the statements of changes in one transaction, as the
// runner runs a migration.
func runInTx(ctx context.Context, db *sql.DB, changes []change.Change) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	for _, c := range changes {
		stmts, err := change.SQL(c)
		if err != nil {
			return err
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
	}
	return tx.Commit()
}
