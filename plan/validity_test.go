package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// validityBase is a table with an owner table to reference.
func validityBase() *schema.Schema {
	return &schema.Schema{Tables: []*schema.Table{
		{Schema: "public", Name: "owners", Columns: []*schema.Column{{Name: "id", Type: "bigint"}},
			PrimaryKey: &schema.PrimaryKey{Name: "owners_pkey", Columns: []string{"id"}}},
		{Schema: "public", Name: "pets", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "owner", Type: "bigint"}}},
	}}
}

// TestReplayValidity: a constraint added NOT VALID is NOT VALID in the
// replayed schema, as in PostgreSQL, until a ValidateConstraint; a
// created index is valid whatever the Index it carries says, and so are
// the constraints of a new table (PostgreSQL validates them at once).
func TestReplayValidity(t *testing.T) {
	t.Parallel()
	pets := schema.QualifiedName{Schema: "public", Name: "pets"}
	check := &schema.Check{Name: "pets_id_check", Expr: "id > 0"}
	fk := &schema.ForeignKey{Name: "pets_owner_fkey", Columns: []string{"owner"}, RefSchema: "public", RefTable: "owners", RefColumns: []string{"id"}}
	invalidCheck, invalidFK := *check, *fk
	invalidCheck.NotValid, invalidFK.NotValid = true, true
	ix := &schema.Index{Name: "pets_owner_idx", Columns: []string{"owner"}, Invalid: true}
	type state struct{ checkNotValid, fkNotValid, indexInvalid bool }
	tests := []struct {
		name    string
		changes []change.Change
		want    state
	}{
		{"added NOT VALID", []change.Change{
			change.AddCheck{Table: pets, Check: check, NotValid: true},
			change.AddForeignKey{Table: pets, ForeignKey: fk, NotValid: true},
			change.CreateIndex{Table: pets, Index: ix, Concurrently: true},
		}, state{checkNotValid: true, fkNotValid: true}},
		{"added NOT VALID and validated", []change.Change{
			change.AddCheck{Table: pets, Check: check, NotValid: true},
			change.AddForeignKey{Table: pets, ForeignKey: fk, NotValid: true},
			change.ValidateConstraint{Table: pets, Name: check.Name},
			change.ValidateConstraint{Table: pets, Name: fk.Name},
			change.CreateIndex{Table: pets, Index: ix},
		}, state{}},
		{"added valid: the change decides, not the constraint it carries", []change.Change{
			change.AddCheck{Table: pets, Check: &invalidCheck},
			change.AddForeignKey{Table: pets, ForeignKey: &invalidFK},
			change.CreateIndex{Table: pets, Index: ix},
		}, state{}},
		{"renamed while NOT VALID", []change.Change{
			change.AddCheck{Table: pets, Check: check, NotValid: true},
			change.AddForeignKey{Table: pets, ForeignKey: fk, NotValid: true},
			change.RenameConstraint{Table: pets, From: check.Name, To: "positive"},
			change.RenameConstraint{Table: pets, From: fk.Name, To: "owned"},
			change.RenameConstraint{Table: pets, From: "positive", To: check.Name},
			change.RenameConstraint{Table: pets, From: "owned", To: fk.Name},
			change.ValidateConstraint{Table: pets, Name: fk.Name},
			change.CreateIndex{Table: pets, Index: ix},
		}, state{checkNotValid: true}},
		{"a new table's constraints are valid", []change.Change{
			change.DropTable{Table: &schema.Table{Schema: "public", Name: "pets"}},
			change.CreateTable{Table: &schema.Table{Schema: "public", Name: "pets",
				Columns:     []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "owner", Type: "bigint"}},
				ForeignKeys: []*schema.ForeignKey{&invalidFK}, Checks: []*schema.Check{&invalidCheck}}},
			change.CreateIndex{Table: pets, Index: ix},
		}, state{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.Replay(validityBase(), tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			tb, _ := got.Table(pets)
			c, ok1 := tb.Check(check.Name)
			f, ok2 := tb.ForeignKey(fk.Name)
			i, ok3 := tb.Index(ix.Name)
			if !ok1 || !ok2 || !ok3 {
				t.Fatalf("replayed table lacks its objects: %+v", tb)
			}
			if diff := cmp.Diff(tc.want, state{c.NotValid, f.NotValid, i.Invalid}, cmp.AllowUnexported(state{})); diff != "" {
				t.Errorf("validity (-want +got):\n%s", diff)
			}
		})
	}
	if check.NotValid || fk.NotValid || !ix.Invalid {
		t.Error("Replay modified the changes")
	}
}

// TestReplayRenameColumnRewritesExpressions: PostgreSQL keeps check
// constraints, index keys and predicates and generation expressions as
// trees, so renaming a column renames it in all of them; Replay rewrites
// their text the same way, and leaves everything else alone: string
// constants, other columns, function and type names, qualified names.
func TestReplayRenameColumnRewritesExpressions(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: "paints"}
	base := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "paints",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint"},
			{Name: "color", Type: "text"},
			{Name: "colors", Type: "text"},
			{Name: "double", Type: "integer", Generated: "length(color) * 2"},
		},
		Indexes: []*schema.Index{
			{Name: "paints_lower_idx", Keys: []string{"lower(color)", "color text_pattern_ops DESC", "colors"}},
			{Name: "paints_partial_idx", Columns: []string{"id"}, Where: `color <> 'color' AND "color" IS NOT NULL`},
			{Name: "paints_plain_idx", Columns: []string{"color"}, Include: []string{"color", "id"}},
		},
		Checks: []*schema.Check{
			{Name: "paints_color_check", Expr: `color ~ '^#[0-9a-f]{6}$'::text AND color::text <> colors`, NotValid: true},
			{Name: "paints_other_check", Expr: "colors <> 'color' AND color(colors) AND x.color > 0"},
		},
	}}}
	got, err := plan.Replay(base, []change.Change{
		change.RenameColumn{Table: q, From: "color", To: "Colour"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := base.Clone()
	wt := want.Tables[0]
	wt.Columns[1].Name = "Colour"
	wt.Columns[3].Generated = `length("Colour") * 2`
	wt.Indexes[0].Keys = []string{`lower("Colour")`, `"Colour" text_pattern_ops DESC`, "colors"}
	wt.Indexes[1].Where = `"Colour" <> 'color' AND "Colour" IS NOT NULL`
	wt.Indexes[2].Columns = []string{"Colour"}
	wt.Indexes[2].Include = []string{"Colour", "id"}
	wt.Checks[0].Expr = `"Colour" ~ '^#[0-9a-f]{6}$'::text AND "Colour"::text <> colors`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Replay mismatch (-want +got):\n%s", diff)
	}

	// A plain lower-case new name is written bare, a key word in quotes,
	// as PostgreSQL prints them.
	for _, tc := range []struct{ to, want string }{
		{"colour", `colour ~ '^#[0-9a-f]{6}$'::text AND colour::text <> colors`},
		{"order", `"order" ~ '^#[0-9a-f]{6}$'::text AND "order"::text <> colors`},
		{"name", `name ~ '^#[0-9a-f]{6}$'::text AND name::text <> colors`},
	} {
		got, err := plan.Replay(base, []change.Change{change.RenameColumn{Table: q, From: "color", To: tc.to}})
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := got.Tables[0].Check("paints_color_check"); c.Expr != tc.want {
			t.Errorf("rename to %q: check %q, want %q", tc.to, c.Expr, tc.want)
		}
	}
}
