package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestReplayExclusionColumns: renaming a column renames it in the
// exclusion constraints that name it, and dropping a column drops them,
// as PostgreSQL does.
func TestReplayExclusionColumns(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: "bookings"}
	base := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "bookings",
		Columns: []*schema.Column{{Name: "during", Type: "tstzrange"}, {Name: "note", Type: "text"}, {Name: "room", Type: "int4range"}},
		Exclusions: []*schema.Exclusion{
			{Name: "a", Definition: "USING gist (during WITH &&) INCLUDE (note)"},
			{Name: "b", Definition: "USING gist (room WITH &&) WHERE (note <> '')"},
		},
	}}}
	got, err := plan.Replay(base, []change.Change{
		change.RenameColumn{Table: q, From: "during", To: "Span"},
		change.DropColumn{Table: q, Column: &schema.Column{Name: "room"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []*schema.Exclusion{{Name: "a", Definition: `USING gist ("Span" WITH &&) INCLUDE (note)`}}
	if d := cmp.Diff(want, got.Tables[0].Exclusions); d != "" {
		t.Errorf("exclusions (-want +got):\n%s", d)
	}
}
