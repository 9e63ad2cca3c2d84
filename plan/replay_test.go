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
