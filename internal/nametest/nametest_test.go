package nametest

import (
	"slices"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

func TestNonCanonical(t *testing.T) {
	t.Parallel()
	type changeLike struct {
		Table schema.QualifiedName
		Cols  []struct{ Table schema.QualifiedName }
		fk    *schema.ForeignKey
	}
	tests := []struct {
		name string
		v    any
		want int
	}{
		{name: "nil", v: nil},
		{name: "canonical schema", v: &schema.Schema{
			Enums: []*schema.Enum{{Schema: "public", Name: "e"}},
			Tables: []*schema.Table{{Schema: "billing", Name: "t", ForeignKeys: []*schema.ForeignKey{
				{Name: "fk", RefSchema: "public", RefTable: "u"},
			}}},
		}},
		{name: "foreign key dropped by name", v: &schema.ForeignKey{Name: "fk"}},
		{name: "no rename hint", v: &schema.Table{Schema: "public", Name: "t"}},
		{name: "rename hint without schema", v: &schema.Table{Schema: "public", Name: "t", RenamedFrom: schema.QualifiedName{Name: "old"}}, want: 1},
		{name: "table, enum and referenced table without schema", v: &schema.Schema{
			Enums: []*schema.Enum{{Name: "e"}},
			Tables: []*schema.Table{{Name: "t", ForeignKeys: []*schema.ForeignKey{
				{Name: "fk", RefTable: "u"},
			}}},
		}, want: 3},
		{name: "nested names, unexported fields and maps", v: []any{
			changeLike{Table: schema.QualifiedName{Name: "a"}, Cols: []struct{ Table schema.QualifiedName }{{Table: schema.QualifiedName{Name: "c"}}}, fk: &schema.ForeignKey{RefTable: "x"}},
			map[schema.QualifiedName]bool{{Name: "k"}: true},
		}, want: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := NonCanonical(tc.v)
			if len(got) != tc.want {
				t.Errorf("NonCanonical = %d paths, want %d:\n%s", len(got), tc.want, slices.Concat(got))
			}
		})
	}
}
