package parser

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/schemagen/schemagen/bench/gen"
)

// writeBenchModule writes a module with the models package of the n
// tables of the benchmark suite (bench/gen): 15 columns of mixed types,
// a primary key, a unique column, a foreign key to the table before with
// an index, and on every other table a two-column index.
func writeBenchModule(tb testing.TB, n int) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("cannot locate the test file")
	}
	mod, err := gen.Module(filepath.Dir(filepath.Dir(file)))
	if err != nil {
		tb.Fatal(err)
	}
	models, err := gen.GoModels(gen.Tables(n, gen.Models))
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for _, fs := range []gen.Files{mod, models} {
		if err := fs.Write(dir); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkLoad times Load on a generated models package of 100 and
// 1,000 tables (the latter left out with -short): the go command's
// listing, parsing and type-checking the package, and reading the models.
// A first Load, outside the timer, warms the build cache.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			if n > 100 && testing.Short() {
				b.Skip("long; run without -short")
			}
			dir := writeBenchModule(b, n)
			ctx := context.Background()
			load := func() {
				s, err := Load(ctx, Config{Dir: dir, Env: testEnv}, "./models")
				if err != nil {
					b.Fatal(err)
				}
				if len(s.Tables) != n {
					b.Fatalf("Load read %d tables, want %d", len(s.Tables), n)
				}
			}
			load()
			for b.Loop() {
				load()
			}
		})
	}
}
