package differ

import (
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// TestTableIndex checks that a tableIndex finds what schema.Schema.Table
// finds, for every name asked, duplicates included.
func TestTableIndex(t *testing.T) {
	t.Parallel()
	s := &schema.Schema{Tables: []*schema.Table{
		{Schema: "public", Name: "a", Comment: "first"},
		{Schema: "public", Name: "a"}, // a duplicate: the first counts
		{Schema: "other", Name: "a"},
		{Schema: "other", Name: "b"},
	}}
	idx := indexTables(s)
	for _, q := range []schema.QualifiedName{
		{Schema: "public", Name: "a"}, {Schema: "other", Name: "a"},
		{Schema: "other", Name: "b"}, {Schema: "public", Name: "b"}, {Schema: "other", Name: "c"},
	} {
		want, wantOK := s.Table(q)
		got, ok := idx.table(q)
		if got != want || ok != wantOK {
			t.Errorf("table(%v) = %p, %v; Schema.Table gives %p, %v", q, got, ok, want, wantOK)
		}
	}
}

// TestTableIndexNil checks that a nil schema indexes as one without
// tables, as Respell's nil canon or model schemas need.
func TestTableIndexNil(t *testing.T) {
	t.Parallel()
	if got, ok := indexTables(nil).table(schema.QualifiedName{Name: "a"}); ok {
		t.Errorf("indexTables(nil).table(a) = %p, true; want none", got)
	}
	if got, ok := indexModelTables(nil).table(schema.QualifiedName{Name: "a"}); ok {
		t.Errorf("indexModelTables(nil).table(a) = %p, true; want none", got)
	}
}
