package parser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
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
// The sub-benchmarks:
//
//   - warm: the type cache and the go build cache warm (a first Load,
//     outside the timer, fills them);
//   - edited: warm, but a file of the models changes before each run, as
//     when a pre-commit hook runs;
//   - cold: each run with an empty type cache and an empty go build cache
//     (GOCACHE a fresh folder), as on a fresh CI runner;
//   - exportdata-warm, exportdata-edited and exportdata-cold: the same
//     with go/packages and the go command's export data (`go list
//     -export`), as Load did before it wrote export data of its own; the
//     cold one at 100 tables only and not with -short (each run compiles
//     the standard library below the models).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 1000} {
		for _, mode := range []string{"warm", "edited", "cold", "exportdata-warm", "exportdata-edited", "exportdata-cold"} {
			b.Run(fmt.Sprintf("tables=%d/%s", n, mode), func(b *testing.B) {
				if n > 100 && testing.Short() {
					b.Skip("long; run without -short")
				}
				if mode == "exportdata-cold" && (n > 100 || testing.Short()) {
					b.Skip("long; run without -short, at 100 tables")
				}
				benchmarkLoad(b, n, mode)
			})
		}
	}
}

// benchmarkLoad runs one sub-benchmark of BenchmarkLoad.
func benchmarkLoad(b *testing.B, n int, mode string) {
	dir := writeBenchModule(b, n)
	ctx := context.Background()
	typed := loadTyped
	if strings.HasPrefix(mode, "exportdata") {
		typed = loadExportData
	}
	cfg := Config{Dir: dir, Env: testEnv, CacheDir: b.TempDir()}
	load := func() {
		s, err := loadWithTypes(ctx, cfg, []string{"./models"}, typed)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Tables) != n {
			b.Fatalf("Load read %d tables, want %d", len(s.Tables), n)
		}
	}
	switch {
	case strings.HasSuffix(mode, "warm"):
		load()
		for b.Loop() {
			load()
		}
		return
	case strings.HasSuffix(mode, "edited"):
		load()
		doc := filepath.Join(dir, "models", "doc.go")
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			f, err := os.OpenFile(doc, os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				_, err = fmt.Fprintf(f, "\n// Edit %d.\n", i)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			load()
		}
		return
	}
	for b.Loop() {
		b.StopTimer()
		gocache, types := b.TempDir(), b.TempDir()
		cfg.Env = append(slices.Clip(testEnv), "GOCACHE="+gocache)
		cfg.CacheDir = types
		b.StartTimer()
		load()
		b.StopTimer()
		removeAll(b, gocache)
		b.StartTimer()
	}
}

// removeAll removes a folder that may hold a go build cache, whose
// folders the go command makes read-only.
func removeAll(tb testing.TB, dir string) {
	tb.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o755)
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil {
		tb.Fatal(err)
	}
}
