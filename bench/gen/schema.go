package gen

import "github.com/schemagen/schemagen/schema"

// Schema returns tables as a schemagen schema: what [GoModels] of the same
// tables declares and [TableSQL] creates. The Go benchmarks of the differ
// and the emitter work from it, so that every benchmark measures the same
// schemas.
func Schema(tables []Table) *schema.Schema {
	s := &schema.Schema{Tables: make([]*schema.Table, 0, len(tables))}
	for i := range tables {
		t := &tables[i]
		out := &schema.Table{
			Schema:     schema.DefaultSchema,
			Name:       t.Name,
			PrimaryKey: &schema.PrimaryKey{Name: t.PrimaryKeyName(), Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: t.UniqueName(), Columns: []string{t.Code}}},
			Indexes:    []*schema.Index{{Name: t.PrevIndexName(), Columns: []string{"prev_id"}}},
		}
		for _, c := range t.Columns {
			out.Columns = append(out.Columns, &schema.Column{Name: c.Name, Type: c.Type, Nullable: c.Nullable, Default: c.Default})
		}
		if len(t.Composite) > 0 {
			out.Indexes = append(out.Indexes, &schema.Index{Name: t.CompositeIndexName(), Columns: append([]string(nil), t.Composite...)})
		}
		if t.References != "" {
			out.ForeignKeys = []*schema.ForeignKey{{
				Name: t.ForeignKeyName(), Columns: []string{"prev_id"},
				RefSchema: schema.DefaultSchema, RefTable: t.References, RefColumns: []string{"id"},
				OnDelete: t.OnDelete,
			}}
		}
		s.Tables = append(s.Tables, out)
	}
	return s
}
