package change_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestCreateTableKeepsRepeatedUniques (found by the generative test of
// issue 12, seed 1): PostgreSQL's CREATE TABLE keeps one index of several
// over the same columns in the same order and silently leaves out the
// others, so a unique constraint that repeats the primary key (a model
// field tagged pk and unique) or another unique constraint was missing
// from the database, while replay had it: the live plan then wanted to
// add it again. Every constraint of the change must exist afterwards.
func TestCreateTableKeepsRepeatedUniques(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	want := &schema.Table{
		Schema: "public", Name: "t1",
		Columns:    []*schema.Column{{Name: "id", Type: "integer"}, {Name: "a", Type: "text"}, {Name: "b", Type: "text"}},
		PrimaryKey: &schema.PrimaryKey{Name: "t1_pkey", Columns: []string{"id"}},
		Uniques: []*schema.Unique{
			{Name: "t1_a_b_key", Columns: []string{"a", "b"}},
			{Name: "t1_b_a_key", Columns: []string{"b", "a"}}, // another order: another index
			{Name: "t1_id_key", Columns: []string{"id"}},      // repeats the primary key
			{Name: "t1_pair", Columns: []string{"a", "b"}},    // repeats t1_a_b_key
		},
	}
	stmts, err := change.SQL(change.CreateTable{Table: want})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	got, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff((&schema.Schema{Tables: []*schema.Table{want}}).Normalize(), got.Normalize()); d != "" {
		t.Errorf("the table differs from the change (-change +database):\n%s\nstatements: %q", d, stmts)
	}
}
