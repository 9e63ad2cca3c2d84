package cli

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"strconv"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// validateMigrations checks every change of every migration, upgrade and
// downgrade, before any is used: migration files are hand-edited, and SQL
// rendering pastes the text they carry into statements as it is. Each
// fragment must be exactly one thing of its kind and each name a name
// PostgreSQL keeps, as [sqlcheck.Change] checks them. The errors point at
// the string literal of the migration's file that holds the offending
// text (the file alone when no literal holds it whole); they are a
// [parser.ErrorList], printed one per line with exit code 2.
func validateMigrations(p *project, recs []migrate.Recorded) error {
	var errs parser.ErrorList
	files := map[string]map[string]token.Position{}
	for _, rec := range recs {
		for _, side := range []struct {
			name    string
			changes migrate.Changes
		}{{"upgrade", rec.Upgrade}, {"downgrade", rec.Downgrade}} {
			for _, c := range side.changes {
				for _, prob := range changeProblems(c) {
					pos := literalPos(files, filepath.Join(p.migrationsDir, rec.File), prob.text)
					errs.Add(pos, fmt.Sprintf("%s of revision %s: %v", side.name, rec.Revision, prob.err))
				}
			}
		}
	}
	errs.RemoveDuplicates()
	return errs.Err()
}

// problem is one thing of a change that fails its check, and the text the
// migration file spells it with.
type problem struct {
	text string
	err  error
}

// changeProblems checks c as [sqlcheck.Change] does, one problem for each
// fragment and name that fails, keeping the text of each.
func changeProblems(c migrate.Change) []problem {
	var out []problem
	for _, f := range migrate.Fragments(c) {
		if err := sqlcheck.Fragment(f); err != nil {
			out = append(out, problem{text: f.Text, err: err})
		}
	}
	for _, n := range migrate.Names(c) {
		if err := schema.CheckIdentifier(n.Name); err != nil {
			out = append(out, problem{text: n.Name, err: fmt.Errorf("%s: %w", n.Where, err)})
		}
	}
	return out
}

// literalPos returns the position of the first string literal of the Go
// file path whose value is text; the file alone when none is, or when the
// file cannot be read. files caches each file's literals by value.
func literalPos(files map[string]map[string]token.Position, path, text string) token.Position {
	lits, ok := files[path]
	if !ok {
		lits = stringLiterals(path)
		files[path] = lits
	}
	if pos, ok := lits[text]; ok {
		return pos
	}
	return token.Position{Filename: path}
}

// stringLiterals maps the value of each string literal of the Go file path
// to the position of its first occurrence; nil when the file does not
// parse.
func stringLiterals(path string) map[string]token.Position {
	fset := token.NewFileSet()
	f, err := goparser.ParseFile(fset, path, nil, goparser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	out := map[string]token.Position{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		if _, seen := out[v]; !seen {
			out[v] = fset.Position(lit.Pos())
		}
		return true
	})
	return out
}
