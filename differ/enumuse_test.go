package differ_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestEnumValueUsedInItsMigration (the generative test's known bug "a
// migration uses an enum value it adds"): a diff that adds an enum value
// and uses it in a later change (a new table's default, a new column's
// default, a check, an index predicate) rebuilds the type
// (AddedValuesUsed), since PostgreSQL refuses a value added by ALTER TYPE
// ... ADD VALUE in the transaction that adds it; so does a downgrade that
// adds back a value and the check that uses it. Each direction is applied
// in one transaction, as the runner applies a migration, and the live
// plan is empty after each. A value that nothing uses is added in place,
// and the online plan keeps the mark.
func TestEnumValueUsedInItsMigration(t *testing.T) {
	t.Parallel()
	tasks := func() *tb { return tbl("tasks").col("id", "bigint").null("s", "st").pk("id") }
	withEnum := func(s *schema.Schema, values ...string) *schema.Schema { return withEnums(s, enum("st", values...)) }
	for _, tc := range []struct {
		name     string
		from, to *schema.Schema
		// upMarked and downMarked say whether the enum change of each
		// direction is marked AddedValuesUsed.
		upMarked, downMarked bool
	}{
		{
			name:     "default of a new table",
			from:     withEnum(db(tasks()), "a"),
			to:       withEnum(db(tasks(), tbl("t2").col("id", "bigint").def("s", "st", "'b'::st").pk("id")), "a", "b"),
			upMarked: true,
		},
		{
			name:     "default of a new column",
			from:     withEnum(db(tasks()), "a"),
			to:       withEnum(db(tasks().def("s2", "st", "'b'")), "a", "b"),
			upMarked: true,
		},
		{
			name:     "check and index predicate",
			from:     withEnum(db(tasks()), "a"),
			to:       withEnum(db(tasks().check("tasks_s_check", "s <> 'b'::st").index(&schema.Index{Name: "tasks_b", Columns: []string{"id"}, Where: "s = 'b'"})), "a", "b"),
			upMarked: true,
		},
		{
			name:       "value and check dropped",
			from:       withEnum(db(tasks().check("tasks_s_check", "s <> 'b'::st")), "a", "b"),
			to:         withEnum(db(tasks()), "a"),
			downMarked: true,
		},
		{
			// Found by review: the value is an element of an array
			// constant.
			name:     "array default of a new column",
			from:     withEnum(db(tasks()), "a"),
			to:       withEnum(db(tasks().def("tags", "st[]", "'{a,b}'::st[]")), "a", "b"),
			upMarked: true,
		},
		{
			// Found by review: a conversion to the enum casts what the
			// rows hold, which may be the added value.
			name:     "column converted to the enum",
			from:     withEnum(db(tbl("tasks").col("id", "bigint").null("s", "text").pk("id")), "a"),
			to:       withEnum(db(tbl("tasks").col("id", "bigint").null("s", "st").pk("id")), "a", "b"),
			upMarked: true,
		},
		{
			name: "value unused",
			from: withEnum(db(tasks()), "a"),
			to:   withEnum(db(tasks().check("tasks_s_check", "s <> 'a'::st")), "a", "b"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pg, dbURL := pgtest.DB(t)
			up1 := diff(t, nil, tc.from)
			applyTx(t, pg, "create", up1)
			up := diff(t, tc.from, tc.to)
			down := reverse(t, up)
			if got := marked(t, up); got != tc.upMarked {
				t.Errorf("the upgrade's enum change is marked AddedValuesUsed: %v, want %v:%s", got, tc.upMarked, describeAll(up))
			}
			if got := marked(t, down); got != tc.downMarked {
				t.Errorf("the downgrade's enum change is marked AddedValuesUsed: %v, want %v:%s", got, tc.downMarked, describeAll(down))
			}
			if marked(t, plan.Online(up)) != tc.upMarked || marked(t, plan.Online(down)) != tc.downMarked {
				t.Errorf("the online plan changes the enum change:%s", describeAll(plan.Online(up)))
			}
			applyTx(t, pg, "upgrade", up)
			if cs := livePlan(t, pg, dbURL, tc.to); len(cs) > 0 {
				t.Errorf("after the upgrade, the live plan is not empty:%s", describeAll(cs))
			}
			applyTx(t, pg, "downgrade", down)
			if cs := livePlan(t, pg, dbURL, tc.from); len(cs) > 0 {
				t.Errorf("after the downgrade, the live plan is not empty:%s", describeAll(cs))
			}
		})
	}
}

// marked reports whether the one enum change of cs is marked
// AddedValuesUsed.
func marked(t *testing.T, cs []change.Change) bool {
	t.Helper()
	var found []change.AlterEnum
	for _, c := range cs {
		if a, ok := c.(change.AlterEnum); ok {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d enum changes, want 1:%s", len(found), describeAll(cs))
	}
	return found[0].AddedValuesUsed
}

// applyTx applies cs in one transaction, as the runner applies a
// migration.
func applyTx(t *testing.T, pg *sql.DB, step string, cs []change.Change) {
	t.Helper()
	ctx := context.Background()
	tx, err := pg.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // committed, or failed
	for _, c := range cs {
		stmts, err := change.SQL(c)
		if err != nil {
			t.Fatalf("%s: SQL(%T): %v", step, c, err)
		}
		for _, stmt := range stmts {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v\n%s", step, err, stmt)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("%s: commit: %v", step, err)
	}
}
