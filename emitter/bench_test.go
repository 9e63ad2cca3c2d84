package emitter_test

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// benchMigration returns the migration that creates n tables shaped as in
// issue 6's benchmark (15 columns of mixed types, some with defaults, an
// identity primary key, a unique constraint, a foreign key to the table
// before with an index, and on every other table a two-column index),
// with its downgrade.
func benchMigration(tb testing.TB, n int) emitter.Migration {
	tb.Helper()
	s := &schema.Schema{}
	for i := range n {
		name := fmt.Sprintf("t%05d", i)
		t := &schema.Table{Schema: "public", Name: name,
			Columns: []*schema.Column{
				{Name: "id", Type: "bigint", Identity: true},
				{Name: "parent_id", Type: "bigint", Nullable: true},
				{Name: "code", Type: "varchar(32)"},
				{Name: "name", Type: "text"},
				{Name: "amount", Type: "numeric(12,2)", Default: "0"},
				{Name: "qty", Type: "integer", Default: "1"},
				{Name: "active", Type: "boolean", Default: "true"},
				{Name: "status", Type: "varchar(16)", Default: "'new'"},
				{Name: "created_at", Type: "timestamptz", Default: "now()"},
				{Name: "updated_at", Type: "timestamptz", Nullable: true},
				{Name: "note", Type: "text", Nullable: true, Comment: "free text, \"quoted\""},
				{Name: "data", Type: "jsonb", Default: "'{}'"},
				{Name: "tags", Type: "text[]"},
				{Name: "score", Type: "real"},
				{Name: "small", Type: "smallint"},
			},
			PrimaryKey: &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: name + "_code_key", Columns: []string{"code"}}},
			Indexes:    []*schema.Index{{Name: name + "_parent_id_idx", Columns: []string{"parent_id"}}},
		}
		if i > 0 {
			t.ForeignKeys = []*schema.ForeignKey{{Name: name + "_parent_id_fkey", Columns: []string{"parent_id"},
				RefSchema: "public", RefTable: fmt.Sprintf("t%05d", i-1), RefColumns: []string{"id"}, OnDelete: "CASCADE"}}
		}
		if i%2 == 0 {
			t.Indexes = append(t.Indexes, &schema.Index{Name: name + "_status_created_idx", Keys: []string{"status", "created_at DESC"}})
		}
		s.Tables = append(s.Tables, t)
	}
	up, err := differ.Diff(&schema.Schema{}, s)
	if err != nil {
		tb.Fatal(err)
	}
	down, ok := migrate.ReverseAll(up)
	if !ok {
		tb.Fatal("the changes have no reverse")
	}
	return emitter.Migration{
		Package:      "migrations",
		Revision:     "20260101090000",
		DownRevision: []string{"20251231090000"},
		Message:      "create the benchmark tables",
		Upgrade:      up,
		Downgrade:    down,
	}
}

// BenchmarkEmit times Emit of a migration of a few hundred changes each
// way: 100 tables with their indexes, created and dropped.
func BenchmarkEmit(b *testing.B) {
	m := benchMigration(b, 100)
	if len(m.Upgrade) < 200 {
		b.Fatalf("the migration has %d changes, want a few hundred", len(m.Upgrade))
	}
	for b.Loop() {
		files, err := emitter.Emit(m)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) != 1 {
			b.Fatalf("Emit returned %d files, want 1", len(files))
		}
	}
	b.ReportMetric(float64(len(m.Upgrade)+len(m.Downgrade)), "changes/op")
}
