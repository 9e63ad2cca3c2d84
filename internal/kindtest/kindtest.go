// Package kindtest lists the kinds of change.Change, read from the
// source of package change, for the tests that must cover every kind (the
// JSON codec, the emitter, the table of every kind in package plan): a
// kind added to change.go without a row there fails them.
package kindtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// Kinds returns the names of the types that implement change.Change (the
// receivers of its change method in change/change.go), sorted. It fails
// t when the file does not read, or reads as too few kinds to be right.
func Kinds(t testing.TB) []string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "change", "change.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || fn.Name.Name != "change" || len(fn.Recv.List) != 1 {
			continue
		}
		if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
			kinds = append(kinds, id.Name)
		}
	}
	if len(kinds) < 20 {
		t.Fatalf("found %d kinds of change.Change in %s; the reading of the file is wrong", len(kinds), path)
	}
	slices.Sort(kinds)
	return kinds
}
