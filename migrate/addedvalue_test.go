package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"slices"
	"strconv"
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

// TestValidateAddedValueUse: a transactional migration that adds an enum
// value by ADD VALUE and uses it in a later change (a string constant
// equal to the value, in a fragment or in hand-written SQL) is refused
// with the migration's file:line and the fixes; a rebuild
// (AddedValuesUsed), a NoTransaction migration, another value and a use
// before the add pass.
func TestValidateAddedValueUse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		up    func(op *migrate.Op)
		down  func(op *migrate.Op)
		noTx  bool
		want  string // the Func of the one problem; "" for none
		value string
		use   string // a prefix of the use's description
	}{
		{
			name: "default of a new table",
			up:   func(op *migrate.Op) { addV2(op, false); tableWithDefault(op, "'v2'") },
			want: "Upgrade", value: "v2", use: "create table t2",
		},
		{
			name: "check",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.AddCheck("t1", migrate.Check{Name: "t1_c1_check", Expr: "c1 IN ('v1', 'v2')"})
			},
			want: "Upgrade", value: "v2", use: "add check constraint t1_c1_check",
		},
		{
			name: "partial index",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.CreateIndex("t1", migrate.Index{Name: "k1", Columns: []string{"id"}, Where: "c1 <> 'v2'::e1"})
			},
			want: "Upgrade", value: "v2", use: "create index k1",
		},
		{
			name: "hand-written SQL",
			up:   func(op *migrate.Op) { addV2(op, false); op.ExecuteData("UPDATE t1 SET c1 = 'v2'") },
			want: "Upgrade", value: "v2", use: "execute",
		},
		{
			name: "hand-written DO block",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.ExecuteData("DO $$BEGIN UPDATE t1 SET c1 = E'v\\x32'; END$$")
			},
			want: "Upgrade", value: "v2", use: "execute",
		},
		{
			name: "downgrade",
			up:   func(op *migrate.Op) {},
			down: func(op *migrate.Op) { addV2(op, false); tableWithDefault(op, "'v2'") },
			want: "Downgrade", value: "v2", use: "create table t2",
		},
		{
			name: "rebuilt",
			up:   func(op *migrate.Op) { addV2(op, true); tableWithDefault(op, "'v2'") },
		},
		{
			name: "outside a transaction",
			up:   func(op *migrate.Op) { addV2(op, false); tableWithDefault(op, "'v2'") },
			noTx: true,
		},
		{
			name: "another value",
			up:   func(op *migrate.Op) { addV2(op, false); tableWithDefault(op, "'v1'") },
		},
		{
			name: "a name, not a string",
			up: func(op *migrate.Op) {
				addV2(op, false)
				op.AddCheck("t1", migrate.Check{Name: "v2", Expr: `"v2" IS NOT NULL`})
			},
		},
		{
			name: "used before it is added",
			up:   func(op *migrate.Op) { tableWithDefault(op, "'v2'"); addV2(op, false) },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			set := &migrate.Set{}
			_, _, line, _ := runtime.Caller(0)
			set.Add(migrate.Migration{Revision: "1", Upgrade: tc.up, Downgrade: tc.down, NoTransaction: tc.noTx}) // line+1
			pos := "addedvalue_test.go:" + strconv.Itoa(line+1)
			err := set.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var ve *migrate.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("Validate = %v, want one problem", err)
			}
			p := ve.Problems[0]
			var ae *migrate.AddedValueError
			if !errors.As(p, &ae) || ae.Value != tc.value || !strings.HasPrefix(ae.Use, tc.use) {
				t.Fatalf("problem = %v, want an *AddedValueError for %q used by %q", p, tc.value, tc.use)
			}
			if p.Pos != pos || p.Func != tc.want || p.Change != "alter enum e1: add v2" {
				t.Errorf("problem at %s, %s, %s; want %s, %s, alter enum e1: add v2", p.Pos, p.Func, p.Change, pos, tc.want)
			}
			for _, part := range []string{pos + ": revision 1, " + tc.want, "unsafe use of new value", "AddedValuesUsed: true", "later migration"} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q lacks %q", err, part)
				}
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
