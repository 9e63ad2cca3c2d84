package schema_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// quoteFile is the one file that may quote SQL by hand: it holds
// schema.QuoteIdent, schema.QuoteQualified, schema.QuoteLiteral and
// schema.QuoteType.
const quoteFile = "schema/quote.go"

// TestQuotingInOnePlace reads every non-test Go file of the module (less
// testdata) and reports, outside schema/quote.go, quoting by hand:
//
//   - a quote doubled by strings.ReplaceAll, strings.Replace or
//     strings.NewReplacer (the core of an identifier or literal quoting
//     function);
//   - a value wrapped in quotes by concatenation, "\"" + name + "\"" or
//     "'" + value + "'";
//   - in SQL (a string literal with an upper-case statement keyword such as
//     CREATE or SELECT: the project writes SQL in upper case and messages
//     in lower case), a quote next to a concatenated value, a quote before
//     a %s or %v verb, or a %q verb, which is Go quoting.
//
// It does not report a value pasted bare into SQL ("DROP TABLE " + name):
// SQL fragments — types, defaults, check expressions, referential
// actions, clauses built by helpers, statements rendered from changes — are
// pasted as text by design, and telling a name from a fragment needs the
// origin of every string, which a syntactic check does not have. The
// database test differ.TestHostileNames covers that side: names that
// break SQL when pasted round-trip through every change.
func TestQuotingInOnePlace(t *testing.T) {
	t.Parallel()
	root := ".."
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	byDir := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byDir) < 5 {
		t.Fatalf("found Go files in %d folders only; is the module root %s?", len(byDir), root)
	}
	checked := 0
	for _, files := range byDir {
		fset := token.NewFileSet()
		var parsed []*ast.File
		var names []string
		for _, path := range files {
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, path)
			parsed = append(parsed, f)
			names = append(names, filepath.ToSlash(rel))
		}
		for i, f := range parsed {
			if names[i] == quoteFile {
				continue
			}
			checked++
			for _, msg := range checkQuoting(fset, f) {
				t.Errorf("%s", msg)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d files only", checked)
	}
}

// TestCheckQuoting shows that checkQuoting finds what it looks for, and
// lets correct code pass.
func TestCheckQuoting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string // the body of func f(name string, n int, q QualifiedName)
		want int    // findings
	}{
		{name: "quoted name", body: `_ = "DROP TABLE " + schema.QuoteIdent(name)`},
		{name: "qualified", body: `_ = "ALTER TABLE " + schema.QuoteQualified(q) + " DROP COLUMN " + schema.QuoteIdent(name)`},
		{name: "quoted value", body: `_ = "COMMENT ON TABLE x IS " + schema.QuoteLiteral(name)`},
		{name: "formatted", body: `_ = fmt.Sprintf("CREATE SCHEMA %s; -- %d", schema.QuoteIdent(name), n)`},
		{name: "literal in SQL", body: `_ = fmt.Sprintf("SELECT %s FROM t WHERE k = 'x'", schema.QuoteIdent(name))`},
		{name: "SQL fragment", body: `_ = "CHECK (" + name + ")"`},
		{name: "bind parameter", body: `db.ExecContext(ctx, "INSERT INTO t VALUES ($1)", name)`},
		{name: "message with %q", body: `_ = fmt.Sprintf("create table %q: %v", name, n)`},
		{name: "unquoting", body: `_ = strings.ReplaceAll(name, "\"\"", "\"")`},
		{name: "one quote", body: `_ = "\"" + name`},

		{name: "double quotes by concatenation", body: `_ = "\"" + name + "\""`, want: 1},
		{name: "single quotes by concatenation", body: "_ = `'` + name + `'`", want: 1},
		{name: "quote in SQL before a value", body: `_ = "DROP TABLE \"" + name`, want: 1},
		{name: "quote in SQL after a value", body: `_ = "COMMENT ON TABLE t IS " + name + "'"`, want: 1},
		{name: "quoted verb", body: `_ = fmt.Sprintf("CREATE INDEX \"%s\" ON t (a)", name)`, want: 1},
		{name: "quoted verb in Fprintf", body: `fmt.Fprintf(w, "COMMENT ON TABLE t IS '%s'", name)`, want: 1},
		{name: "%q in SQL", body: `_ = fmt.Sprintf("DROP TABLE %q", name)`, want: 1},
		{name: "doubling double quotes", body: "_ = strings.ReplaceAll(name, `\"`, `\"\"`)", want: 1},
		{name: "doubling single quotes", body: `_ = strings.Replace(name, "'", "''", -1)`, want: 1},
		{name: "replacer", body: `_ = strings.NewReplacer("'", "''")`, want: 1},
		{name: "hand-written schema.QuoteIdent", body: "_ = `\"` + strings.ReplaceAll(name, `\"`, `\"\"`) + `\"`", want: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "package p\n\nfunc f(name string, n int, q QualifiedName) {\n" + tc.body + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if got := checkQuoting(fset, f); len(got) != tc.want {
				t.Errorf("checkQuoting(%s) = %q, want %d finding(s)", tc.body, got, tc.want)
			}
		})
	}
}

// sqlKeyword matches an upper-case SQL statement keyword.
var sqlKeyword = regexp.MustCompile(`\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|DROP|ALTER|COMMENT ON|TRUNCATE|GRANT|REVOKE|RENAME|REFERENCES|CONSTRAINT)\b`)

// quotedVerb matches a %s or %v verb right after a quote, or a %q verb.
var quotedVerb = regexp.MustCompile(`["']%[-+# 0-9.]*[sv]|%[-+# 0-9.]*q`)

const handQuoting = "quoting by hand; quote names with schema.QuoteIdent or schema.QuoteQualified and values with schema.QuoteLiteral"

// checkQuoting returns the findings in f; see [TestQuotingInOnePlace].
func checkQuoting(fset *token.FileSet, f *ast.File) []string {
	var out []string
	report := func(n ast.Node, what string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+what+": "+handQuoting)
	}
	inner := map[ast.Node]bool{} // the + inside a chain already checked
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op != token.ADD || inner[n] {
				return true
			}
			markChain(n, inner)
			checkChain(flattenAdd(n), report)
		case *ast.CallExpr:
			switch name := calleeName(n.Fun); name {
			case "strings.ReplaceAll", "strings.Replace":
				if len(n.Args) >= 3 && doublesQuote(n.Args[1], n.Args[2]) {
					report(n, "quotes doubled")
				}
			case "strings.NewReplacer":
				for i := 0; i+1 < len(n.Args); i += 2 {
					if doublesQuote(n.Args[i], n.Args[i+1]) {
						report(n, "quotes doubled")
					}
				}
			case "fmt.Sprintf", "fmt.Fprintf", "fmt.Printf":
				i := 0
				if name == "fmt.Fprintf" {
					i = 1
				}
				if i < len(n.Args) {
					if format, ok := stringLit(n.Args[i]); ok && sqlKeyword.MatchString(format) && quotedVerb.MatchString(format) {
						report(n.Args[i], "SQL format quotes a value")
					}
				}
			}
		}
		return true
	})
	return out
}

// checkChain reports the operands of a chain of + that are wrapped in
// quotes, and in SQL those next to a quote.
func checkChain(operands []ast.Expr, report func(ast.Node, string)) {
	sql := slices.ContainsFunc(operands, func(e ast.Expr) bool {
		s, ok := stringLit(e)
		return ok && sqlKeyword.MatchString(s)
	})
	for i, o := range operands {
		if _, ok := stringLit(o); ok {
			continue
		}
		var before, after byte // the quote characters around o, if any
		if i > 0 {
			if s, ok := stringLit(operands[i-1]); ok && s != "" && (s[len(s)-1] == '"' || s[len(s)-1] == '\'') {
				before = s[len(s)-1]
			}
		}
		if i+1 < len(operands) {
			if s, ok := stringLit(operands[i+1]); ok && s != "" && (s[0] == '"' || s[0] == '\'') {
				after = s[0]
			}
		}
		switch {
		case before != 0 && before == after:
			report(o, "value wrapped in quotes")
		case sql && (before != 0 || after != 0):
			report(o, "quote next to a value in SQL")
		}
	}
}

// markChain marks the + expressions nested in the chain of e.
func markChain(e ast.Expr, inner map[ast.Node]bool) {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.ADD {
		inner[b] = true
		markChain(b.X, inner)
		markChain(b.Y, inner)
	}
}

// flattenAdd returns the operands of a chain of +.
func flattenAdd(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.ADD {
		return append(flattenAdd(b.X), flattenAdd(b.Y)...)
	}
	return []ast.Expr{e}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// doublesQuote reports whether old is the literal of a double or single
// quote and new that quote doubled.
func doublesQuote(oldArg, newArg ast.Expr) bool {
	o, ok1 := stringLit(oldArg)
	n, ok2 := stringLit(newArg)
	return ok1 && ok2 && (o == `"` || o == `'`) && n == o+o
}

// calleeName returns "pkg.Func" or "Func" for a call's function.
func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
	}
	return ""
}

func TestQuoteType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    schema.QualifiedName
		want string
	}{
		{q: schema.QualifiedName{Schema: "public", Name: "mood"}, want: "mood"},
		{q: schema.QualifiedName{Schema: "billing", Name: "status_2"}, want: "billing.status_2"},
		{q: schema.QualifiedName{Schema: "Billing", Name: "Status"}, want: `"Billing"."Status"`},
		{q: schema.QualifiedName{Schema: "public", Name: "2nd"}, want: `"2nd"`},
		{q: schema.QualifiedName{Schema: `we"ird`, Name: "a b"}, want: `"we""ird"."a b"`},
		{q: schema.QualifiedName{Schema: "public", Name: "dot.ted"}, want: `"dot.ted"`},
		{q: schema.QualifiedName{Schema: "public", Name: "ärger"}, want: `"ärger"`},
		{q: schema.QualifiedName{Schema: "public", Name: ""}, want: `""`},
	}
	for _, tc := range tests {
		if got := schema.QuoteType(tc.q); got != tc.want {
			t.Errorf("schema.QuoteType(%+v) = %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		in            string
		wantIdent     string
		wantLiteral   string
		wantQualified string // schema.QuoteQualified{Schema: in, Name: in}
	}{
		{name: "plain", in: "users", wantIdent: `"users"`, wantLiteral: `'users'`, wantQualified: `"users"."users"`},
		{name: "upper case kept", in: "Users", wantIdent: `"Users"`, wantLiteral: `'Users'`, wantQualified: `"Users"."Users"`},
		{name: "double quotes doubled", in: `a"b""c`, wantIdent: `"a""b""""c"`, wantLiteral: `'a"b""c'`, wantQualified: `"a""b""""c"."a""b""""c"`},
		{name: "single quote", in: `it's`, wantIdent: `"it's"`, wantLiteral: `'it''s'`, wantQualified: `"it's"."it's"`},
		{name: "space", in: "my table", wantIdent: `"my table"`, wantLiteral: `'my table'`, wantQualified: `"my table"."my table"`},
		{name: "semicolon", in: `x"; DROP TABLE y; --`, wantIdent: `"x""; DROP TABLE y; --"`, wantLiteral: `'x"; DROP TABLE y; --'`, wantQualified: `"x""; DROP TABLE y; --"."x""; DROP TABLE y; --"`},
		{name: "dot", in: "a.b", wantIdent: `"a.b"`, wantLiteral: `'a.b'`, wantQualified: `"a.b"."a.b"`},
		{name: "keyword", in: "select", wantIdent: `"select"`, wantLiteral: `'select'`, wantQualified: `"select"."select"`},
		{name: "empty", in: "", wantIdent: `""`, wantLiteral: `''`, wantQualified: `"".""`},
		{name: "backslash", in: `a\b`, wantIdent: `"a\b"`, wantLiteral: `E'a\\b'`, wantQualified: `"a\b"."a\b"`},
		{name: "backslash quote", in: `it\'s; DROP TABLE sentinel; --`, wantIdent: `"it\'s; DROP TABLE sentinel; --"`, wantLiteral: `E'it\\''s; DROP TABLE sentinel; --'`, wantQualified: `"it\'s; DROP TABLE sentinel; --"."it\'s; DROP TABLE sentinel; --"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := schema.QuoteIdent(tc.in); got != tc.wantIdent {
				t.Errorf("schema.QuoteIdent(%q) = %s, want %s", tc.in, got, tc.wantIdent)
			}
			if got := schema.QuoteLiteral(tc.in); got != tc.wantLiteral {
				t.Errorf("schema.QuoteLiteral(%q) = %s, want %s", tc.in, got, tc.wantLiteral)
			}
			if got := schema.QuoteQualified(schema.QualifiedName{Schema: tc.in, Name: tc.in}); got != tc.wantQualified {
				t.Errorf("schema.QuoteQualified(%q.%q) = %s, want %s", tc.in, tc.in, got, tc.wantQualified)
			}
		})
	}
}

// TestQuoteTagText shows the tag quoting: quotes doubled, backslashes
// kept as they are.
func TestQuoteTagText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "''"},
		{"plain", "'plain'"},
		{"it's", "'it''s'"},
		{`a\b`, `'a\b'`},
		{"a,b", "'a,b'"},
	}
	for _, tc := range tests {
		if got := schema.QuoteTagText(tc.in); got != tc.want {
			t.Errorf("QuoteTagText(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
