package differ_test

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/bench/gen"
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

// benchSchemas returns the database and the models of n tables as the
// benchmark suite generates them (bench/gen): 15 mixed columns each, a
// foreign key to the table before, one or two indexes and a unique
// constraint; the models add a column to 10% of the tables, drop an index
// and change a nullability.
func benchSchemas(n int) (db, models *schema.Schema) {
	return gen.Schema(gen.Tables(n, gen.Database)), gen.Schema(gen.Tables(n, gen.Models))
}

// BenchmarkDiff times Diff from the database to the models of
// benchSchemas, at 100, 1,000 and 10,000 tables (the last left out with
// -short).
func BenchmarkDiff(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			skipLong(b, n)
			db, models := benchSchemas(n)
			d := gen.Expected(n)
			want := d.AddedColumns + d.DroppedIndexes + d.ChangedNullability
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
