package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// addV2 adds value v2 to enum e1 by ALTER TYPE ... ADD VALUE, or, with
// used, by a rebuild.
func addV2(op *migrate.Op, used bool) {
	op.AlterEnumValues("e1", migrate.EnumDelta{Add: []migrate.EnumValue{{Value: "v2"}}, AddedValuesUsed: used})
}

// tableWithDefault creates table t2 whose column c1 of enum e1 defaults to
// def.
func tableWithDefault(op *migrate.Op, def string) {
	op.CreateTableNamed("t2", migrate.Table{
		Columns:    []*migrate.Column{{Name: "id", Type: "integer"}, {Name: "c1", Type: "e1", Default: def, Nullable: true}},
		PrimaryKey: &migrate.PrimaryKey{Name: "t2_pkey", Columns: []string{"id"}},
	})
}

// TestAddedValueUseExplained: PostgreSQL refuses, in one transaction, a
// change that uses an enum value an earlier change adds by ADD VALUE
// (55P04); the migration is rolled back and the error names the value,
// the use and the fixes. Validate does not guess beforehand: a string
// constant equal to the value may be compared with text, which
// PostgreSQL accepts, as the last case shows.
func TestAddedValueUseExplained(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		up   func(op *migrate.Op)
		use  string // a prefix of the use's description; "" when it applies
	}{
		{
			name: "default of a new table",
			up:   func(op *migrate.Op) { addV2(op, false); tableWithDefault(op, "'v2'") },
			use:  "create table t2",
		},
		{
			name: "check",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.AddCheck("t1", migrate.Check{Name: "t1_c1_check", Expr: "c1 IN ('v1', 'v2')"})
			},
			use: "add check constraint t1_c1_check",
		},
		{
			name: "hand-written SQL",
			up:   func(op *migrate.Op) { addV2(op, false); op.ExecuteData("UPDATE t1 SET c1 = 'v2'") },
			use:  "execute",
		},
		{
			name: "the same constant compared with text",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.AddCheck("t1", migrate.Check{Name: "t1_note_check", Expr: "note <> 'v2'"})
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			if _, err := db.ExecContext(ctx, `CREATE TYPE e1 AS ENUM ('v1'); CREATE TABLE t1 (id int PRIMARY KEY, c1 e1, note text)`); err != nil {
				t.Fatal(err)
			}
			set := newSet(migrate.Migration{Revision: "1", Upgrade: tc.up, Downgrade: func(op *migrate.Op) {},
				AllowHazards: []migrate.HazardKind{migrate.HazardDataLoss, migrate.HazardTableRewrite, migrate.HazardLongLock}})
			if err := set.Validate(); err != nil {
				t.Fatalf("Validate = %v, want nil: PostgreSQL decides", err)
			}
			_, err := newMigrator(t, db, set).Upgrade(ctx, "head")
			if tc.use == "" {
				if err != nil {
					t.Fatalf("Upgrade: %v", err)
				}
				return
			}
			var ae *migrate.AddedValueError
			if !errors.As(err, &ae) || ae.Value != "v2" || !strings.HasPrefix(ae.Use, tc.use) {
				t.Fatalf("Upgrade = %v, want an *AddedValueError for v2 used by %q", err, tc.use)
			}
			for _, part := range []string{"unsafe use of new value", "AddedValuesUsed: true", "later migration"} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q lacks %q", err, part)
				}
			}
			if got := enumValues(t, db); !slices.Equal(got, []string{"v1"}) {
				t.Errorf("values after the failed upgrade = %v, want [v1]: rolled back", got)
			}
		})
	}
}

// TestAddedValueUseOnPostgreSQL checks the rule against the server:
// PostgreSQL refuses a value added by ADD VALUE in the transaction that
// adds it (55P04); a NoTransaction migration, which commits each
// statement, and a rebuild (AddedValuesUsed) in a transaction both apply
// and downgrade.
func TestAddedValueUseOnPostgreSQL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("in one transaction", func(t *testing.T) {
		t.Parallel()
		db, _ := pgtest.DB(t)
		if _, err := db.ExecContext(ctx, `CREATE TYPE e1 AS ENUM ('v1')`); err != nil {
			t.Fatal(err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback() //nolint:errcheck // the transaction fails
		if _, err := tx.ExecContext(ctx, `ALTER TYPE e1 ADD VALUE 'v2'`); err != nil {
			t.Fatal(err)
		}
		_, err = tx.ExecContext(ctx, `CREATE TABLE t2 (c1 e1 DEFAULT 'v2')`)
		var state interface{ SQLState() string }
		if !errors.As(err, &state) || state.SQLState() != "55P04" {
			t.Fatalf("use of the new value in its transaction = %v, want SQLSTATE 55P04", err)
		}
	})

	for _, tc := range []struct {
		name string
		used bool
		noTx bool
	}{
		{name: "NoTransaction", noTx: true},
		{name: "rebuilt in a transaction", used: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			if _, err := db.ExecContext(ctx, `CREATE TYPE e1 AS ENUM ('v1')`); err != nil {
				t.Fatal(err)
			}
			set := newSet(migrate.Migration{
				Revision:      "1",
				NoTransaction: tc.noTx,
				Upgrade:       func(op *migrate.Op) { addV2(op, tc.used); tableWithDefault(op, "'v2'") },
				Downgrade: func(op *migrate.Op) {
					op.DropTable("t2")
					op.AlterEnumValues("e1", migrate.EnumDelta{Drop: []migrate.EnumValue{{Value: "v2"}}})
				},
				AllowHazards: []migrate.HazardKind{migrate.HazardDataLoss, migrate.HazardTableRewrite, migrate.HazardLongLock},
			})
			m := newMigrator(t, db, set)
			if _, err := m.Upgrade(ctx, "head"); err != nil {
				t.Fatalf("Upgrade: %v", err)
			}
			if got := enumValues(t, db); !slices.Equal(got, []string{"v1", "v2"}) {
				t.Errorf("values after the upgrade = %v, want [v1 v2]", got)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO t2 (id) VALUES (1)`); err != nil {
				t.Fatal(err)
			}
			var c1 string
			if err := db.QueryRowContext(ctx, `SELECT c1 FROM t2`).Scan(&c1); err != nil || c1 != "v2" {
				t.Errorf("default = %q, %v; want v2", c1, err)
			}
			if _, err := m.Downgrade(ctx, "base"); err != nil {
				t.Fatalf("Downgrade: %v", err)
			}
			if got := enumValues(t, db); !slices.Equal(got, []string{"v1"}) {
				t.Errorf("values after the downgrade = %v, want [v1]", got)
			}
		})
	}
}

// enumValues returns the values of enum e1, in order.
func enumValues(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var vals string
	if err := db.QueryRowContext(context.Background(), `SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'e1'::regtype`).Scan(&vals); err != nil {
		t.Fatal(err)
	}
	return strings.Split(vals, ",")
}
