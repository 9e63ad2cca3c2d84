package cli

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
)

// validateMigrations checks every change of every migration, upgrade and
// downgrade, before any is used: migration files are hand-edited, and SQL
// rendering pastes the text they carry into statements as it is. Each
// fragment must be exactly one thing of its kind and each name a name
// PostgreSQL keeps, as [sqlcheck.Problems] checks them. The errors point at
// the string literal of the migration's file that holds the offending
// text (the file alone when no literal holds it whole); they are a
// [parser.ErrorList], printed one per line with exit code 2.
func validateMigrations(p *project, recs []migrate.Recorded) error {
	var errs parser.ErrorList
	files := map[string]fileLiterals{}
	var ck sqlcheck.Checker
	for _, rec := range recs {
		for _, side := range []struct {
			name    string
			changes change.Changes
		}{{"upgrade", rec.Upgrade}, {"downgrade", rec.Downgrade}} {
			for _, c := range side.changes {
				for _, prob := range ck.Problems(c) {
					pos := literalPos(files, filepath.Join(p.migrationsDir, rec.File), side.name, prob.Text)
					errs.Add(pos, fmt.Sprintf("%s of revision %s: %v", side.name, rec.Revision, prob.Err))
				}
			}
		}
	}
	errs.RemoveDuplicates()
	return errs.Err()
}

// literalPos returns the position of a string literal of the Go file
// path whose value is text: the first one inside the migration's side
// function (the value of its Upgrade or Downgrade field) when there is
// one, else the first one of the file; the file alone when none is, or
// when the file cannot be read. files caches each file's literals.
func literalPos(files map[string]fileLiterals, path, side, text string) token.Position {
	lits, ok := files[path]
	if !ok {
		lits = stringLiterals(path)
		files[path] = lits
	}
	if pos, ok := lits[literalKey{side, text}]; ok {
		return pos
	}
	if pos, ok := lits[literalKey{"", text}]; ok {
		return pos
	}
	return token.Position{Filename: path}
}

// fileLiterals maps string literals of a file to their first positions.
type fileLiterals map[literalKey]token.Position

// literalKey is a literal's value and the side function that holds it
// ("upgrade" or "downgrade"); an empty side stands for the whole file.
type literalKey struct{ side, value string }

// stringLiterals finds the string literals of the Go file path, each by
// value in the whole file and by value inside the Upgrade or Downgrade
// field that holds it; nil when the file does not parse.
func stringLiterals(path string) fileLiterals {
	fset := token.NewFileSet()
	f, err := goparser.ParseFile(fset, path, nil, goparser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	out := fileLiterals{}
	add := func(k literalKey, pos token.Pos) {
		if _, seen := out[k]; !seen {
			out[k] = fset.Position(pos)
		}
	}
	var walk func(n ast.Node, side string)
	walk = func(n ast.Node, side string) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "Upgrade" || id.Name == "Downgrade") {
					walk(n.Value, strings.ToLower(id.Name))
					return false
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				v, err := strconv.Unquote(n.Value)
				if err != nil {
					return true
				}
				add(literalKey{"", v}, n.Pos())
				if side != "" {
					add(literalKey{side, v}, n.Pos())
				}
			}
			return true
		})
	}
	walk(f, "")
	return out
}
