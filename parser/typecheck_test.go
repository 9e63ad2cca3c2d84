package parser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

// writeFiles writes files (slash-separated paths to contents) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// depsModule is a module whose models (below models/) import packages of
// every kind: clean ones, ones with errors in declarations, in function
// bodies or in their syntax, a missing one, a cycle, the standard
// library's cgo packages, and a package that imports a model package.
// Written at test time: some of its files do not parse.
var depsModule = map[string]string{
	"go.mod": "module example.com/deps\n\ngo 1.26\n",
	"base/base.go": `package base

import "time"

// Model is embedded by models.
type Model struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	Stamps
	hidden int
}

// Stamps is embedded in Model.
type Stamps struct {
	CreatedAt time.Time
	DeletedAt *time.Time
}

// Kind is a string type, no enum.
type Kind string
`,
	"models/embed/embed.go": `package embed

import "example.com/deps/base"

//schemagen:table
type Thing struct {
	base.Model
	Kind base.Kind
	Name string
}
`,
	"models/std/std.go": `package std

import (
	"database/sql"
	"encoding/json"
	"net"
	"os/user"
	"time"
)

//schemagen:table
type Host struct {
	ID    int64 ` + "`db:\"id,pk\"`" + `
	Addr  net.IP
	Owner sql.NullString
	Seen  sql.Null[time.Time]
	Doc   json.RawMessage
	user.User
}
`,
	"models/unexported/unexported.go": `package unexported

import "example.com/deps/base"

//schemagen:table
type Secret struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
}

var _ = base.Model{}.hidden

var _ = base.nothing
`,
	"declerr/declerr.go": `package declerr

// T has a field of an undefined type.
type T struct {
	A int
	B Missing
}
`,
	"models/declerr/declerr.go": `package declerr

import "example.com/deps/declerr"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	declerr.T
}
`,
	"bodyerr/bodyerr.go": `package bodyerr

// T is fine; F's body is not.
type T struct{ A int }

// F does not compile.
func F() int { return undefinedName }
`,
	"models/bodyerr/bodyerr.go": `package bodyerr

import "example.com/deps/bodyerr"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	bodyerr.T
}
`,
	"parseerr/parseerr.go": "package parseerr\n\ntype T struct { A int,}\n",
	"models/parseerr/parseerr.go": `package parseerr

import "example.com/deps/parseerr"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	P  parseerr.T
}
`,
	"models/missing/missing.go": `package missing

import "example.com/nowhere/pkg"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	P  pkg.T
}
`,
	"cycle/a/a.go": "package a\n\nimport \"example.com/deps/cycle/b\"\n\n// T is a struct.\ntype T struct{ B b.T }\n",
	"cycle/b/b.go": "package b\n\nimport \"example.com/deps/cycle/a\"\n\n// T is a struct.\ntype T struct{ A *a.T }\n",
	"models/cycle/cycle.go": `package cycle

import "example.com/deps/cycle/a"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	A  a.T
}
`,
	"mid/mid.go":          "package mid\n\nimport \"example.com/deps/models/leaf\"\n\n// T embeds a model package's struct.\ntype T struct{ leaf.Leaf }\n",
	"models/leaf/leaf.go": "package leaf\n\n// Leaf is embedded through package mid.\ntype Leaf struct {\n\tDepth int32\n}\n",
	"models/tied/tied.go": `package tied

import "example.com/deps/mid"

//schemagen:table
type Row struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
	mid.T
}
`,
}

// loadWith runs load with the given typed loader and type cache folder,
// and returns the schema or the error list as text.
func loadWith(t *testing.T, dir, cacheDir string, typed typedLoader, patterns ...string) (*schema.Schema, []string) {
	t.Helper()
	s, err := loadWithTypes(context.Background(), Config{Dir: dir, Env: testEnv, CacheDir: cacheDir}, patterns, typed)
	if err == nil {
		return s, nil
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load: %v", err)
	}
	return nil, strings.Split(list.Error(), "\n")
}

// TestLoadSourceMatchesExportData loads model packages both ways, with
// go/packages and the go command's export data (as Load did before it
// wrote export data of its own) and as Load does, with an empty and then a
// warm type cache, and requires the same schema and the same errors.
// The one difference: an error in a function body of a package of the
// main module that the models import is a type error with its position,
// not the compiler's output under "# package" that `go list -export`
// printed.
func TestLoadSourceMatchesExportData(t *testing.T) {
	t.Parallel()
	deps := t.TempDir()
	writeFiles(t, deps, depsModule)
	for _, tc := range []struct {
		name     string
		dir      string
		patterns []string
		// sourceErrs, when set, are Load's errors, where they differ from
		// those of go/packages.
		sourceErrs []string
	}{
		{name: "good, root package", dir: "testdata/src/good", patterns: []string{".", "./enums"}},
		{name: "good, all packages", dir: "testdata/src/good", patterns: []string{"./..."}},
		{name: "good, enum package not loaded", dir: "testdata/src/good", patterns: []string{"."}},
		{name: "errs", dir: "testdata/src/errs", patterns: []string{"./..."}},
		{name: "embedded from another package", dir: deps, patterns: []string{"./models/embed"}},
		{name: "standard library, cgo packages included", dir: deps, patterns: []string{"./models/std"}},
		{name: "unexported names", dir: deps, patterns: []string{"./models/unexported"}},
		{name: "declaration error", dir: deps, patterns: []string{"./models/declerr"}},
		{
			name: "body error", dir: deps, patterns: []string{"./models/bodyerr"},
			sourceErrs: []string{filepath.Join(deps, "bodyerr", "bodyerr.go") + ":7:23: undefined: undefinedName"},
		},
		{name: "syntax error", dir: deps, patterns: []string{"./models/parseerr"}},
		{name: "missing package", dir: deps, patterns: []string{"./models/missing"}},
		{name: "import cycle", dir: deps, patterns: []string{"./models/cycle"}},
		{name: "import of a root", dir: deps, patterns: []string{"./models/tied", "./models/leaf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantS, wantErrs := loadWith(t, tc.dir, t.TempDir(), loadExportData, tc.patterns...)
			if tc.sourceErrs != nil {
				wantErrs = tc.sourceErrs
			}
			// With -short, the first load shares the tests' type cache
			// (TestTypeCache covers an empty one).
			cache := t.TempDir()
			if testing.Short() {
				cache = defaultTypeCacheDir()
			}
			for _, run := range []string{"empty cache", "warm cache"} {
				gotS, gotErrs := loadWith(t, tc.dir, cache, loadTyped, tc.patterns...)
				if diff := cmp.Diff(wantS, gotS); diff != "" {
					t.Errorf("%s: schema (-export data +source):\n%s", run, diff)
				}
				if diff := cmp.Diff(wantErrs, gotErrs); diff != "" {
					t.Errorf("%s: errors (-export data +source):\n%s", run, diff)
				}
			}
		})
	}
}

// scratchChecked returns the paths of the packages that ld type-checked
// from source to write their export data, and of those it found stored.
func scratchChecked(ld *sourceLoader) (checked, stored []string) {
	for _, n := range ld.nodes {
		if n.types != nil {
			checked = append(checked, n.pkg.PkgPath)
		}
		if n.stored {
			stored = append(stored, n.pkg.PkgPath)
		}
	}
	return checked, stored
}

func TestTypeCache(t *testing.T) {
	t.Parallel()
	dir, cacheDir := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":           "module example.com/tc\n\ngo 1.26\n",
		"base/base.go":     "package base\n\nimport \"time\"\n\n// Model is embedded.\ntype Model struct {\n\tID int64 `db:\"id,pk\"`\n\tAt time.Time\n}\n",
		"models/models.go": "package models\n\nimport \"example.com/tc/base\"\n\n//schemagen:table\ntype Thing struct {\n\tbase.Model\n}\n",
	})
	ctx := context.Background()
	env := append(os.Environ(), testEnv...)
	run := func(name string) (checked, stored []string) {
		t.Helper()
		ld := newSourceLoader(ctx, dir, env, openTypeCache(cacheDir))
		if _, err := ld.load([]string{"./models"}); err != nil {
			t.Fatalf("%s: load: %v", name, err)
		}
		return scratchChecked(ld)
	}
	columns := func() []string {
		t.Helper()
		s, err := Load(ctx, Config{Dir: dir, Env: testEnv, CacheDir: cacheDir}, "./models")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range s.Tables[0].Columns {
			names = append(names, c.Name)
		}
		return names
	}

	checked, stored := run("empty cache")
	if !slices.Contains(checked, "example.com/tc/base") || !slices.Contains(checked, "time") || len(stored) != 0 {
		t.Errorf("empty cache: checked %v, stored %v; want base and time checked, nothing stored", checked, stored)
	}
	checked, stored = run("warm cache")
	if len(checked) != 0 || !slices.Contains(stored, "example.com/tc/base") || !slices.Contains(stored, "runtime") {
		t.Errorf("warm cache: checked %v, stored %v; want nothing checked, everything stored", checked, stored)
	}

	// An edit of base changes its key: base alone is checked again.
	writeFiles(t, dir, map[string]string{
		"base/base.go": "package base\n\nimport \"time\"\n\n// Model is embedded.\ntype Model struct {\n\tID int64 `db:\"id,pk\"`\n\tAt time.Time\n\tBy string\n}\n",
	})
	if checked, _ := run("base edited"); !slices.Equal(checked, []string{"example.com/tc/base"}) {
		t.Errorf("base edited: checked %v, want example.com/tc/base alone", checked)
	}
	if got, want := columns(), []string{"id", "at", "by"}; !slices.Equal(got, want) {
		t.Errorf("columns after the edit = %v, want %v", got, want)
	}

	// A damaged entry is removed, and the load succeeds all the same.
	var entries []string
	filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(path) != "trim.txt" {
			entries = append(entries, path)
		}
		return nil
	})
	if len(entries) == 0 {
		t.Fatal("the cache holds no entry")
	}
	for _, e := range entries {
		if err := os.WriteFile(e, []byte("damaged\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := columns(), []string{"id", "at", "by"}; !slices.Equal(got, want) {
		t.Errorf("columns with damaged entries = %v, want %v", got, want)
	}
	if checked, stored := run("after the damage"); len(checked) != 0 || len(stored) == 0 {
		t.Errorf("after the damage: checked %v, stored %v; want the entries written anew", checked, stored)
	}
}

func TestTypeCacheTrim(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 10, 12, 0, 0, 0, time.UTC)
	c := &typeCache{dir: t.TempDir(), now: func() time.Time { return now }}
	c.put("aa00", []byte("old"))
	c.put("aa01", []byte("recent"))
	c.put("bb00", []byte("read lately"))
	age := func(key string, d time.Duration) {
		t.Helper()
		if err := os.Chtimes(c.path(key), now.Add(-d), now.Add(-d)); err != nil {
			t.Fatal(err)
		}
	}
	age("aa00", 6*24*time.Hour)
	age("aa01", 4*24*time.Hour)
	age("bb00", 6*24*time.Hour)
	if data, err := c.get("bb00"); err != nil || string(data) != "read lately" {
		t.Fatalf("get = %q, %v", data, err)
	}
	c.trim()
	for key, want := range map[string]bool{"aa00": false, "aa01": true, "bb00": true} {
		if got := c.has(key); got != want {
			t.Errorf("after trim: has(%s) = %t, want %t", key, got, want)
		}
	}
	// Within a day of the last trim, nothing is trimmed.
	age("aa01", 6*24*time.Hour)
	c.trim()
	if !c.has("aa01") {
		t.Error("trimmed again within a day")
	}
}

func TestLoadCgo(t *testing.T) {
	t.Parallel()
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":             "module example.com/cgo\n\ngo 1.26\n",
		"cdep/cdep.go":       "package cdep\n\n// int answer(void) { return 42; }\nimport \"C\"\n\n// Size is a size.\ntype Size C.int\n\n// Answer calls C.\nfunc Answer() int { return int(C.answer()) }\n",
		"models/models.go":   "package models\n\nimport \"example.com/cgo/cdep\"\n\n//schemagen:table\ntype Thing struct {\n\tID   int64 `db:\"id,pk\"`\n\tSize cdep.Size\n}\n",
		"rootcgo/rootcgo.go": "package rootcgo\n\n// int one(void) { return 1; }\nimport \"C\"\n\n//schemagen:table\ntype Other struct {\n\tID int64 `db:\"id,pk\"`\n}\n\n// One calls C.\nfunc One() int { return int(C.one()) }\n",
	})
	ctx := context.Background()
	env := append(os.Environ(), testEnv...)
	for _, tc := range []struct {
		pattern, table, column, typ string
	}{
		{"./models", "thing", "size", "integer"},
		{"./rootcgo", "other", "id", "bigint"},
	} {
		// The source loader gives up: only the go command runs cgo.
		if _, err := loadSource(ctx, dir, env, openTypeCache(t.TempDir()), []string{tc.pattern}); !errors.Is(err, errNeedsExportData) {
			t.Errorf("loadSource(%s) error = %v, want errNeedsExportData", tc.pattern, err)
		}
		// Load then uses the go command's export data.
		s, err := Load(ctx, Config{Dir: dir, Env: testEnv, CacheDir: t.TempDir()}, tc.pattern)
		if err != nil {
			t.Fatalf("Load(%s): %v", tc.pattern, err)
		}
		c, ok := s.Tables[0].Column(tc.column)
		if s.Tables[0].Name != tc.table || !ok || c.Type != tc.typ {
			t.Errorf("Load(%s): table %s, column %s %+v; want table %s, column %s %s", tc.pattern, s.Tables[0].Name, tc.column, c, tc.table, tc.column, tc.typ)
		}
	}
}

func TestEnvValue(t *testing.T) {
	t.Parallel()
	env := []string{"A=1", "GOPACKAGESDRIVER=off", "B=", "GOPACKAGESDRIVER=/bin/driver", "AB=3"}
	for _, tc := range []struct{ key, want string }{
		{"GOPACKAGESDRIVER", "/bin/driver"},
		{"A", "1"},
		{"B", ""},
		{"AB", "3"},
		{"C", ""},
	} {
		if got := envValue(env, tc.key); got != tc.want {
			t.Errorf("envValue(%s) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
