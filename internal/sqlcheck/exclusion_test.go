package sqlcheck

import (
	"slices"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// TestExclusion checks that Exclusion accepts the forms of an exclusion
// constraint's definition and refuses more than one, or its timing.
func TestExclusion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		def string
		ok  bool
	}{
		{"USING gist (room WITH =, during WITH &&)", true},
		{"(lower(email) WITH =)", true},
		{"USING gist (during WITH &&) INCLUDE (note) WITH (fillfactor = 70) WHERE (NOT cancelled)", true},
		{"USING gist (during WITH &&) DEFERRABLE", false},
		{"USING gist (during WITH &&); DROP TABLE t", false},
		{"USING gist (during WITH &&), ADD COLUMN x int", false},
		{"USING gist (during WITH &&) WHERE ((SELECT true))", false},
		{"CHECK (true)", false},
	} {
		if err := Exclusion(tc.def); (err == nil) != tc.ok {
			t.Errorf("Exclusion(%q) = %v, want ok %v", tc.def, err, tc.ok)
		}
	}
}

// TestRenameColumnsExclusion renames columns in exclusion constraints:
// bare elements, expressions, INCLUDE and the predicate, never a method,
// a function or an operator.
func TestRenameColumnsExclusion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		def, want string
		renames   map[string]string
	}{
		{"USING gist (during WITH &&) INCLUDE (during, note) WHERE (during IS NOT NULL)", `USING gist ("Span" WITH &&) INCLUDE ("Span", note) WHERE ("Span" IS NOT NULL)`, map[string]string{"during": "Span"}},
		{"USING gist (gist WITH &&)", "USING gist (g2 WITH &&)", map[string]string{"gist": "g2"}},
		{"(lower(lower) WITH =)", "(lower(l2) WITH =)", map[string]string{"lower": "l2"}},
		{`USING gist ("Room ""A""" WITH =)`, "USING gist (room WITH =)", map[string]string{`Room "A"`: "room"}},
		{"USING gist (a WITH &&)", "USING gist (a WITH &&)", map[string]string{"b": "c"}},
	} {
		got, err := RenameColumns(schema.FragmentExclusion, tc.def, tc.renames)
		if err != nil || got != tc.want {
			t.Errorf("RenameColumns(%q, %v) = %q, %v; want %q", tc.def, tc.renames, got, err, tc.want)
		}
	}
	cols, err := ExclusionColumns(`USING gist (int4range(a, b) WITH &&, "C d" WITH =) INCLUDE (e) WHERE (f > 0)`)
	slices.Sort(cols)
	if err != nil || !slices.Equal(cols, []string{"C d", "a", "b", "e", "f"}) {
		t.Errorf("ExclusionColumns = %q, %v", cols, err)
	}
}
