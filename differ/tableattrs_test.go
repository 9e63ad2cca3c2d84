package differ_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

// TestDiffTableAttrs checks the kinds of change that each table
// attribute and constraint timing gives, one difference at a time.
func TestDiffTableAttrs(t *testing.T) {
	t.Parallel()
	base := func() *schema.Schema {
		return &schema.Schema{Schemas: []string{"app"}, Tables: []*schema.Table{
			{Schema: "app", Name: "p", Columns: []*schema.Column{{Name: "id", Type: "integer"}},
				PrimaryKey: &schema.PrimaryKey{Name: "p_pkey", Columns: []string{"id"}}},
			{Schema: "app", Name: "t",
				Columns:     []*schema.Column{{Name: "id", Type: "integer"}, {Name: "p", Type: "integer"}, {Name: "r", Type: "int4range"}},
				PrimaryKey:  &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"id"}},
				Uniques:     []*schema.Unique{{Name: "t_r_key", Columns: []string{"r"}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "t_p_fkey", Columns: []string{"p"}, RefSchema: "app", RefTable: "p", RefColumns: []string{"id"}}},
				Checks:      []*schema.Check{{Name: "t_id_check", Expr: "id > 0"}},
				Exclusions:  []*schema.Exclusion{{Name: "t_r_excl", Definition: "USING gist (r WITH &&)"}},
				Indexes:     []*schema.Index{{Name: "t_p_idx", Columns: []string{"p"}}},
			},
		}}
	}
	tbl := func(s *schema.Schema) *schema.Table { return s.Tables[1] }
	tests := []struct {
		name string
		edit func(s *schema.Schema)
		want []string
	}{
		{"foreign key deferred", func(s *schema.Schema) { tbl(s).ForeignKeys[0].InitiallyDeferred = true }, []string{"AlterConstraint"}},
		{"primary key deferrable", func(s *schema.Schema) { tbl(s).PrimaryKey.Deferrable = true }, []string{"DropPrimaryKey", "AddPrimaryKey"}},
		{"unique deferrable", func(s *schema.Schema) { tbl(s).Uniques[0].Deferrable = true }, []string{"DropUnique", "AddUnique"}},
		{"unique options", func(s *schema.Schema) { tbl(s).Uniques[0].Options = []string{"fillfactor=50"} }, []string{"DropUnique", "AddUnique"}},
		{"unique include", func(s *schema.Schema) { tbl(s).Uniques[0].Include = []string{"p"} }, []string{"DropUnique", "AddUnique"}},
		{"primary key options", func(s *schema.Schema) { tbl(s).PrimaryKey.Options = []string{"fillfactor=50"} }, []string{"DropPrimaryKey", "AddPrimaryKey"}},
		{"check no inherit", func(s *schema.Schema) { tbl(s).Checks[0].NoInherit = true }, []string{"DropCheck", "AddCheck"}},
		{"exclusion deferrable", func(s *schema.Schema) { tbl(s).Exclusions[0].Deferrable = true }, []string{"DropExclusion", "AddExclusion"}},
		{"exclusion changed", func(s *schema.Schema) { tbl(s).Exclusions[0].Definition = "USING gist (r WITH =)" }, []string{"DropExclusion", "AddExclusion"}},
		{"exclusion dropped", func(s *schema.Schema) { tbl(s).Exclusions = nil }, []string{"DropExclusion"}},
		{"unlogged", func(s *schema.Schema) { tbl(s).Unlogged = true }, []string{"AlterTable"}},
		{"options in another order", func(s *schema.Schema) {}, nil},
		{"row security", func(s *schema.Schema) { tbl(s).RowSecurity, tbl(s).ForceRowSecurity = true, true }, []string{"AlterTable"}},
		{"index options", func(s *schema.Schema) { tbl(s).Indexes[0].Options = []string{"fillfactor=50"} }, []string{"DropIndex", "CreateIndex"}},
		{"schema comment", func(s *schema.Schema) { s.SchemaComments = map[string]string{"app": "x"} }, []string{"SetSchemaComment"}},
		{"public's comment is not managed", func(s *schema.Schema) { s.SchemaComments = map[string]string{"public": "x"} }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from, to := base(), base()
			tbl(from).Options = []string{"fillfactor=70", "autovacuum_enabled=false"}
			tbl(to).Options = []string{"autovacuum_enabled=false", "fillfactor=70"}
			tc.edit(to)
			cs, err := differ.Diff(from, to)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, fmt.Sprintf("%T", c)[len("change."):])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes = %v, want %v", got, tc.want)
			}
			back, ok := change.ReverseAll(cs)
			if !ok {
				t.Fatal("not reversible")
			}
			if again, err := differ.Diff(to, from); err != nil || len(again) != len(back) {
				t.Errorf("the reverse diff has %d changes, the reversed changes %d (%v)", len(again), len(back), err)
			}
		})
	}
}
