package emitter_test

import (
	"testing"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/schema"
)

// benchMigration returns the migration that creates the n tables of the
// benchmark suite's models (bench/gen), with its downgrade.
func benchMigration(tb testing.TB, n int) emitter.Migration {
	tb.Helper()
	s := gen.Schema(gen.Tables(n, gen.Models))
	up, err := differ.Diff(&schema.Schema{}, s)
	if err != nil {
		tb.Fatal(err)
	}
	down, ok := change.ReverseAll(up)
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
