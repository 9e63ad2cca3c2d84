package parser

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

func TestParseDirective(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		text     string
		wantName string
		wantArgs string
		wantOK   bool
	}{
		{name: "no directive", text: "// a comment"},
		{name: "bare", text: "//schemagen:table", wantName: "table", wantOK: true},
		{name: "args", text: "//schemagen:table  billing.invoices ", wantName: "table", wantArgs: "billing.invoices", wantOK: true},
		{name: "trailing comment", text: "//schemagen:table x // note", wantName: "table", wantArgs: "x", wantOK: true},
		{name: "comment right after the name", text: "//schemagen:table// note", wantName: "table", wantOK: true},
		{name: "url in a comment directive", text: "//schemagen:comment see https://x.org/a", wantName: "comment", wantArgs: "see https://x.org/a", wantOK: true},
		{name: "apostrophe in a comment directive", text: "//schemagen:comment it's // note", wantName: "comment", wantArgs: "it's", wantOK: true},
		{name: "slashes in SQL quotes", text: "//schemagen:check c x <> ' // ' // note", wantName: "check", wantArgs: "c x <> ' // '", wantOK: true},
		{name: "slashes in a double-quoted identifier", text: `//schemagen:index i ("a // b")`, wantName: "index", wantArgs: `i ("a // b")`, wantOK: true},
		{name: "slashes in a dollar quote", text: "//schemagen:check c x <> $q$ ' // $q$ // note", wantName: "check", wantArgs: "c x <> $q$ ' // $q$", wantOK: true},
		{name: "slashes in an E string", text: `//schemagen:check c x <> E'\' // ' // note`, wantName: "check", wantArgs: `c x <> E'\' // '`, wantOK: true},
		{name: "slashes in a nested comment", text: "//schemagen:check c x > /* /* */ // */ 0 // note", wantName: "check", wantArgs: "c x > /* /* */ // */ 0", wantOK: true},
		{name: "slashes after a name the lexer refuses", text: "//schemagen:index 2fa_idx (a) // note", wantName: "index", wantArgs: "2fa_idx (a)", wantOK: true},
		{name: "slashes in an unterminated quote", text: "//schemagen:check c x <> 'a // b", wantName: "check", wantArgs: "c x <> 'a // b", wantOK: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, ok := parseDirective(token.NewFileSet(), &ast.Comment{Text: tc.text})
			if ok != tc.wantOK || d.name != tc.wantName || d.args != tc.wantArgs {
				t.Errorf("parseDirective(%q) = %q, %q, %v; want %q, %q, %v", tc.text, d.name, d.args, ok, tc.wantName, tc.wantArgs, tc.wantOK)
			}
		})
	}
}

func TestParseIndexDirective(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		args    string
		want    indexDirective
		wantErr string
	}{
		{name: "one key", args: "i (a)", want: indexDirective{name: "i", keys: []string{"a"}}},
		{
			name: "everything",
			args: "i UNIQUE Using BTree ( a , lower(b) DESC NULLS FIRST, f(c, ',)') ) Include (d, \"E\"\"x\") WHERE a > 0 AND (b IS NULL)",
			want: indexDirective{
				name: "i", unique: true,
				keys:    []string{"a", "lower(b) DESC NULLS FIRST", "f(c, ',)')"},
				include: []string{"d", `E"x`},
				where:   "a > 0 AND (b IS NULL)",
			},
		},
		{name: "method without space", args: "i using gin(a)", want: indexDirective{name: "i", method: "gin", keys: []string{"a"}}},
		{name: "spgist", args: "i using SPGIST (a)", want: indexDirective{name: "i", method: "spgist", keys: []string{"a"}}},
		{name: "where without include", args: "i (a) where b", want: indexDirective{name: "i", keys: []string{"a"}, where: "b"}},
		{name: "no name", args: "(a)", wantErr: "//schemagen:index needs a name first: " + indexSyntax},
		{name: "empty", args: "", wantErr: "//schemagen:index needs a name first: " + indexSyntax},
		{name: "no keys", args: "i", wantErr: "//schemagen:index i: missing the keys (KEY, ...); want " + indexSyntax},
		{name: "keys twice", args: "i (a) (b)", wantErr: `//schemagen:index i: unexpected "(b)"; want ` + indexSyntax},
		{name: "unique after using", args: "i using hash unique (a)", wantErr: `//schemagen:index i: unexpected "unique"; want ` + indexSyntax},
		{name: "include before keys", args: "i include (a) (b)", wantErr: `//schemagen:index i: unexpected "include"; want ` + indexSyntax},
		{name: "include twice", args: "i (a) include (b) include (c)", wantErr: `//schemagen:index i: unexpected "include"; want ` + indexSyntax},
		{name: "include without list", args: "i (a) include b", wantErr: `//schemagen:index i: "include" needs a list of columns: include (COLUMN, ...)`},
		{name: "unknown method", args: "i using rtree (a)", wantErr: `//schemagen:index i: unknown index method "rtree" (did you mean "btree"?)`},
		{name: "unique hash", args: "i unique using hash (a)", wantErr: "//schemagen:index i: method hash does not support unique indexes; only btree does"},
		{name: "unclosed include", args: "i (a) include (b", wantErr: `//schemagen:index i: include: unclosed "("`},
		{name: "commas in dollar quotes and brackets", args: "i (f(a, $$,)$$), (b[1]), g(ARRAY[1, 2])) where a <> $$)$$", want: indexDirective{name: "i", keys: []string{"f(a, $$,)$$)", "(b[1])", "g(ARRAY[1, 2])"}, where: "a <> $$)$$"}},
		{name: "parenthesis in a nested comment", args: "i (a /* /* ) */ ) */) where b", want: indexDirective{name: "i", keys: []string{"a /* /* ) */ ) */"}, where: "b"}},
		{name: "unterminated quote in the keys", args: "i (a, 'b)", wantErr: `//schemagen:index i: keys: unterminated ' quote`},
		{name: "mismatched brackets in the keys", args: "i (a[1)]", wantErr: `//schemagen:index i: keys: ")" at offset 4 does not close the "[" at offset 2`},
		{name: "long name", args: "i23456789012345678901234567890123456789012345678901234567890abcd (a)", wantErr: `//schemagen:index i23456789012345678901234567890123456789012345678901234567890abcd: index name "i23456789012345678901234567890123456789012345678901234567890abcd" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`},
		{name: "quoted name", args: `"i" (a)`, wantErr: `//schemagen:index "i": invalid name "\"i\"": no parentheses or quotes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, msg := parseIndexDirective(tc.args)
			if msg != tc.wantErr {
				t.Fatalf("parseIndexDirective(%q) error = %q, want %q", tc.args, msg, tc.wantErr)
			}
			if tc.wantErr != "" {
				return
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(indexDirective{})); diff != "" {
				t.Errorf("parseIndexDirective(%q) (-want +got):\n%s", tc.args, diff)
			}
		})
	}
}

func TestParseCheckDirective(t *testing.T) {
	t.Parallel()
	const syntaxErr = "//schemagen:check needs a name and an expression: //schemagen:check NAME EXPR [NO INHERIT]"
	for _, tc := range []struct {
		name    string
		args    string
		want    *schema.Check
		wantErr string
	}{
		{name: "check", args: "positive  amount > 0 AND (b <> 'x, y')", want: &schema.Check{Name: "positive", Expr: "amount > 0 AND (b <> 'x, y')"}},
		{name: "tab", args: "c\tx", want: &schema.Check{Name: "c", Expr: "x"}},
		{name: "no inherit", args: "c x > 0 No  Inherit", want: &schema.Check{Name: "c", Expr: "x > 0", NoInherit: true}},
		// ToLower lengthens İ: the words are cut by their own length.
		{name: "no inherit after non-ASCII", args: "c x <> '" + strings.Repeat("İ", 20) + "' no inherit", want: &schema.Check{Name: "c", Expr: "x <> '" + strings.Repeat("İ", 20) + "'", NoInherit: true}},
		{name: "empty", args: "", wantErr: syntaxErr},
		{name: "no expression", args: "positive", wantErr: syntaxErr},
		{name: "no name", args: "(a > 0)", wantErr: syntaxErr},
		{name: "bad name", args: "a(b) c", wantErr: `//schemagen:check a(b): invalid name "a(b)": no parentheses or quotes`},
		{name: "second statement", args: "c 0; DROP TABLE sentinel", wantErr: `//schemagen:check c: "0; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`},
		{name: "subquery", args: "c EXISTS (SELECT 1)", wantErr: `//schemagen:check c: "EXISTS (SELECT 1)" is not one SQL expression: it holds a subquery, which PostgreSQL refuses in defaults, check constraints, generated columns and indexes`},
		{name: "long name", args: strings.Repeat("c", 64) + " x > 0", wantErr: "//schemagen:check " + strings.Repeat("c", 64) + `: check constraint name "` + strings.Repeat("c", 64) + `" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, msg := parseCheckDirective(tc.args)
			if msg != tc.wantErr {
				t.Fatalf("parseCheckDirective(%q) error = %q, want %q", tc.args, msg, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parseCheckDirective(%q) (-want +got):\n%s", tc.args, diff)
			}
		})
	}
}

func TestLeadingIdent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key  string
		want string // the column, "" when the key is no column
	}{
		{key: "a", want: "a"},
		{key: "a DESC NULLS LAST", want: "a"},
		{key: `a COLLATE "C"`, want: "a"},
		{key: "a text_pattern_ops", want: "a"},
		{key: "lower(a)"},
		{key: "coalesce (a, b)"},
		{key: "(a + b)"},
		{key: `"A"`},
		{key: "a::text"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			got := ""
			if m := leadingIdent.FindStringSubmatch(tc.key); m != nil {
				got = m[1]
			}
			if got != tc.want {
				t.Errorf("column of key %q = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestCheckEnumName(t *testing.T) {
	t.Parallel()
	const unquoted = "column types name the enum unquoted, so it must be [schema.]name with each part matching [a-z_][a-z0-9_]*"
	for _, tc := range []struct {
		name, want string
	}{
		{name: "status"},
		{name: "_x9"},
		{name: "billing.status"},
		{name: "Status", want: `invalid enum name "Status": ` + unquoted},
		{name: "billing.9s", want: `invalid enum name "billing.9s": ` + unquoted},
		{name: "Billing.s", want: `invalid enum name "Billing.s": ` + unquoted},
		{name: "a-b", want: `invalid enum name "a-b": ` + unquoted},
		{name: "", want: `invalid enum name "": ` + unquoted},
		{name: "a.b.c", want: `invalid enum name "a.b.c": a dot after the schema part`},
		{name: "a234567890123456789012345678901234567890123456789012345678901234", want: `enum name "a234567890123456789012345678901234567890123456789012345678901234" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`},
		{name: "s234567890123456789012345678901234567890123456789012345678901234.e", want: `enum schema name "s234567890123456789012345678901234567890123456789012345678901234" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`},
		{name: "a23456789012345678901234567890123456789012345678901234567890123"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := checkEnumName(tc.name); got != tc.want {
				t.Errorf("checkEnumName(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}
