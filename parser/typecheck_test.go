package parser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			cache := t.TempDir()
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
