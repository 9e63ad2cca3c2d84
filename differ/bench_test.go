package differ_test

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

// benchSizes are the table counts the benchmarks run at.
var benchSizes = []int{100, 1000, 10000}

// skipLong skips the largest sizes under -short.
func skipLong(b *testing.B, n int) {
	b.Helper()
	if n > 1000 && testing.Short() {
		b.Skip("long; run without -short")
	}
}

// benchSchemas returns n tables shaped as in issue 6's benchmark, as the
// database has them and as the models have them: the models add a column
// to every tenth table, drop an index and make a column NOT NULL.
//
// Each table has 15 columns of mixed types (some with defaults), an
// identity primary key, a unique constraint, a foreign key to the table
// before with an index, and on every other table a two-column index.
func benchSchemas(n int) (db, models *schema.Schema) {
	db, models = &schema.Schema{}, &schema.Schema{}
	for i := range n {
		name := fmt.Sprintf("t%05d", i)
		cols := []*schema.Column{
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
			{Name: "note", Type: "text", Nullable: true},
			{Name: "data", Type: "jsonb", Default: "'{}'"},
			{Name: "tags", Type: "text[]"},
			{Name: "score", Type: "real"},
			{Name: "small", Type: "smallint"},
		}
		t := &schema.Table{Schema: "public", Name: name, Columns: cols,
			PrimaryKey: &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: name + "_code_key", Columns: []string{"code"}}},
			Indexes:    []*schema.Index{{Name: name + "_parent_id_idx", Columns: []string{"parent_id"}}},
		}
		if i > 0 {
			t.ForeignKeys = []*schema.ForeignKey{{Name: name + "_parent_id_fkey", Columns: []string{"parent_id"},
				RefSchema: "public", RefTable: fmt.Sprintf("t%05d", i-1), RefColumns: []string{"id"}}}
		}
		if i%2 == 0 {
			t.Indexes = append(t.Indexes, &schema.Index{Name: name + "_status_created_idx", Columns: []string{"status", "created_at"}})
		}
		m := t.Clone()
		if i%10 == 0 {
			m.Columns = append(m.Columns, &schema.Column{Name: "extra", Type: "text", Nullable: true})
		}
		if i == 3 {
			note, _ := m.Column("note")
			note.Nullable = false
		}
		if i == 5 {
			t.Indexes = append(t.Indexes, &schema.Index{Name: name + "_name_idx", Columns: []string{"name"}})
		}
		db.Tables = append(db.Tables, t)
		models.Tables = append(models.Tables, m)
	}
	return db, models
}

// BenchmarkDiff times Diff from the database to the models of
// benchSchemas, at 100, 1,000 and 10,000 tables (the last left out with
// -short).
func BenchmarkDiff(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			skipLong(b, n)
			db, models := benchSchemas(n)
			want := n/10 + 2
			for b.Loop() {
				changes, err := differ.Diff(db, models)
				if err != nil {
					b.Fatal(err)
				}
				if len(changes) != want {
					b.Fatalf("Diff found %d changes, want %d", len(changes), want)
				}
			}
		})
	}
}

// BenchmarkRespell times Respell of the database of benchSchemas with the
// models standing in for their canonical form, at 100, 1,000 and 10,000
// tables (the last left out with -short): what the live path of revision
// --autogenerate does before Diff.
func BenchmarkRespell(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			skipLong(b, n)
			db, models := benchSchemas(n)
			for b.Loop() {
				if s := differ.Respell(db, models, models); len(s.Tables) != n {
					b.Fatalf("Respell returned %d tables, want %d", len(s.Tables), n)
				}
			}
		})
	}
}
