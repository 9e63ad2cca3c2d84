package differ

import "github.com/schemagen/schemagen/schema"

// tableIndex finds a schema's tables by qualified name in constant time,
// where [schema.Schema.Table] scans them all: the differ looks up every
// table, so scanning would make it quadratic in the number of tables.
// It is built once per schema by each Diff or Respell call and never
// outlives it.
type tableIndex map[schema.QualifiedName]*schema.Table

// indexTables indexes the tables of s; a nil s has none. Like
// [schema.Schema.Table], a lookup finds the first of several tables with
// the same name.
func indexTables(s *schema.Schema) tableIndex {
	if s == nil {
		return nil
	}
	idx := make(tableIndex, len(s.Tables))
	for _, t := range s.Tables {
		q := t.QualifiedName()
		if _, dup := idx[q]; !dup {
			idx[q] = t
		}
	}
	return idx
}

// table returns the table named q, as [schema.Schema.Table] does.
func (idx tableIndex) table(q schema.QualifiedName) (*schema.Table, bool) {
	t, ok := idx[q]
	return t, ok
}
