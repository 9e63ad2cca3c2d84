package plan_test

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/nametest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestReplayCanonicalInput: Replay's input schema is a boundary of the
// pipeline. A schema built by hand that leaves out the public schema is
// read as canonical (see schema.Schema.Canonical), so canonical changes
// find its objects, and the result holds canonical names only.
func TestReplayCanonicalInput(t *testing.T) {
	t.Parallel()
	in := &schema.Schema{
		Enums: []*schema.Enum{{Name: "mood", Values: []string{"a", "b"}}},
		Tables: []*schema.Table{
			{Name: "users", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}},
			{Name: "v1.legacy", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "m", Type: "mood"}},
				ForeignKeys: []*schema.ForeignKey{{Name: "fk", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}},
		},
	}
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	legacy := schema.QualifiedName{Schema: "public", Name: "v1.legacy"}
	got, err := plan.Replay(in, []change.Change{
		change.AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "text"}},
		change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a", "b"}, To: []string{"a"},
			Columns: []change.EnumColumn{{Table: legacy, Column: "m"}}},
		change.RenameTable{From: users, To: schema.QualifiedName{Schema: "public", Name: "people"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if bad := nametest.NonCanonical(got); len(bad) > 0 {
		t.Errorf("Replay returned names without a schema:\n%s", strings.Join(bad, "\n"))
	}
	lt, ok := got.Table(legacy)
	if !ok || lt.ForeignKeys[0].Ref() != (schema.QualifiedName{Schema: "public", Name: "people"}) {
		t.Errorf("the foreign key of %s does not follow the renamed table: %+v", legacy, lt)
	}
	if in.Tables[0].Schema != "" || len(in.Tables[0].Columns) != 1 {
		t.Error("Replay modified its input")
	}
}

// TestReplayAlterEnumDefaults (found by the generative test of issue 12,
// seeds 20040, 20041, 20049, 20050, 20056): an enum change that gives a
// column of the type a new default (the default named a value the change
// drops, or the same step changed it) sets it as part of the rebuild, and
// the differ leaves it out of any AlterColumn. Replay ignored it: the
// replayed column kept its old default, the database had the new one,
// and `check --offline` reported drift the live check did not. Replay
// sets the listed defaults, where the columns exist, and leaves the
// others alone.
func TestReplayAlterEnumDefaults(t *testing.T) {
	t.Parallel()
	st := schema.QualifiedName{Schema: "public", Name: "st"}
	tasks := schema.QualifiedName{Schema: "public", Name: "tasks"}
	in := &schema.Schema{
		Enums: []*schema.Enum{{Schema: "public", Name: "st", Values: []string{"a", "b", "c"}}},
		Tables: []*schema.Table{{Schema: "public", Name: "tasks", Columns: []*schema.Column{
			{Name: "s", Type: "st", Default: "'b'"},
			{Name: "t", Type: "st", Default: "'a'"},
			{Name: "u", Type: "st", Default: "'a'"},
			{Name: "v", Type: "st[]", Default: "'{}'"},
		}}},
	}
	got, err := plan.Replay(in, []change.Change{change.AlterEnum{
		Enum: st, Drop: []change.EnumValue{{Value: "b", After: "a"}},
		Columns: []change.EnumColumn{
			{Table: tasks, Column: "s", Default: "'c'", OldDefault: "'b'"},
			{Table: tasks, Column: "t", Default: "", OldDefault: "'a'"},
			{Table: tasks, Column: "u", Default: "'a'", OldDefault: "'a'"},
			{Table: tasks, Column: "v", Array: true, Default: "'{}'", OldDefault: "'{}'"},
			{Table: schema.QualifiedName{Schema: "public", Name: "gone"}, Column: "s", Default: "'c'", OldDefault: "'b'"},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tt, _ := got.Table(tasks)
	var defaults []string
	for _, c := range tt.Columns {
		defaults = append(defaults, c.Name+"="+c.Default)
	}
	if want := "s='c' t= u='a' v='{}'"; strings.Join(defaults, " ") != want {
		t.Errorf("defaults after the rebuild: %s, want %s", strings.Join(defaults, " "), want)
	}
}
