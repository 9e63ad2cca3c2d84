package parser

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// directivePrefix starts every schemagen directive.
const directivePrefix = "//schemagen:"

// directiveSpec describes a //schemagen: directive. [directives] lists
// them all: the one table that the scan of doc comments checks names,
// repetitions and placement by, that suggestions for an unknown
// directive come from, and that the directive table of README.md is
// generated from (TestREADMETables).
type directiveSpec struct {
	name string
	// needsTable directives belong with //schemagen:table on the same
	// type.
	needsTable bool
	// repeatable directives may appear several times on one type.
	repeatable bool
	// pkgLevel directives declare something of the package, not of the
	// type whose doc comment may hold them: they stand in any comment of
	// a file (the package clause's doc comment, a comment of their own,
	// a type's doc comment).
	pkgLevel bool
	// doc is the directive's row in README.md's table of table
	// directives; nil for those the README describes in prose.
	doc *directiveDoc
}

// directiveDoc is a row of the directive table of README.md.
type directiveDoc struct {
	syntax  string // the whole directive line
	meaning string // Markdown
	sql     string // what the README's example gives in SQL
}

// directives lists the directives, in the order suggestions prefer.
var directives = []directiveSpec{
	{name: "table"},
	{name: "index", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:index NAME [unique] [using METHOD] (KEY [DESC], ...) [include (COLUMN, ...)] [nulls not distinct] [with (NAME=VALUE, ...)] [where PREDICATE]",
		"an index; see below",
		`CREATE INDEX "invoices_open_idx" ON "billing"."invoices" (customer_id, created_at DESC) WHERE paid_at IS NULL`,
	}},
	{name: "check", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:check NAME EXPR [NO INHERIT]",
		"a table check constraint, EXPR verbatim; NO INHERIT keeps it off the table's children",
		`CONSTRAINT "invoices_total_positive" CHECK (total >= 0)`,
	}},
	{name: "primarykey", needsTable: true, doc: &directiveDoc{
		"//schemagen:primarykey [NAME] (COLUMN, ...)",
		"the primary key, for one named other than TABLE_pkey or with its columns in an order other than the fields' (not with pk options); its columns are NOT NULL",
		`CONSTRAINT "invoice_lines_key" PRIMARY KEY ("invoice_id", "line")`,
	}},
	{name: "unique", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:unique NAME (COLUMN, ...) [nulls not distinct]",
		"a unique constraint, with its columns in any order",
		`CONSTRAINT "invoices_number_year_key" UNIQUE ("year", "number")`,
	}},
	{name: "foreignkey", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:foreignkey NAME (COLUMN, ...) references [schema.]TABLE [(COLUMN, ...)] [on delete ACTION] [on update ACTION]",
		"a foreign key of any name over one or several columns, to a model table's primary key (when the referenced columns are left out), unique constraint or unique index; see below",
		`CONSTRAINT "lines_invoice_fk" FOREIGN KEY ("invoice_id", "line") REFERENCES "billing"."invoice_lines" ("invoice_id", "line") ON DELETE CASCADE`,
	}},
	{name: "comment", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:comment TEXT",
		"the table's comment; several lines are joined with newlines",
		`COMMENT ON TABLE "billing"."invoices" IS 'Bills sent to customers.'`,
	}},
	{name: "partition", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:partition by range|list|hash (KEY, ...)",
		"a partitioned table, by the keys (columns or expressions); see below",
		`CREATE TABLE "public"."events" (...) PARTITION BY RANGE (created_at)`,
	}},
	{name: "inherits", needsTable: true, doc: &directiveDoc{
		"//schemagen:inherits [schema.]PARENT, ...",
		"the table inherits from the model tables PARENT (INHERITS); the columns a parent has are the parent's",
		`CREATE TABLE "public"."cars" ("doors" integer NOT NULL) INHERITS ("public"."vehicles")`,
	}},
	{name: "renamed", needsTable: true, doc: &directiveDoc{
		"//schemagen:renamed [schema.]OLD",
		"the table used to be called OLD (in its own schema unless qualified): rename instead of drop and create",
		`ALTER TABLE "billing"."bills" RENAME TO "invoices"`,
	}},
	{name: "exclude", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:exclude NAME [USING METHOD] (ELEMENT WITH OPERATOR, ...) [INCLUDE (...)] [WITH (...)] [WHERE (PREDICATE)] [DEFERRABLE [INITIALLY DEFERRED]]",
		"an exclusion constraint, its definition as SQL writes it after EXCLUDE (checked by PostgreSQL's grammar)",
		`CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (room WITH =, during WITH &&)`,
	}},
	{name: "deferrable", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:deferrable CONSTRAINT [initially deferred | initially immediate]",
		"makes the table's primary key, unique constraint, foreign key or exclusion constraint named CONSTRAINT deferrable",
		`CONSTRAINT "invoices_customer_id_fkey" FOREIGN KEY (...) REFERENCES ... DEFERRABLE INITIALLY DEFERRED`,
	}},
	{name: "include", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:include CONSTRAINT (COLUMN, ...)",
		"non-key columns of the index of the table's primary key or unique constraint named CONSTRAINT",
		`CONSTRAINT "invoices_number_key" UNIQUE ("number") INCLUDE ("total")`,
	}},
	{name: "unlogged", needsTable: true, doc: &directiveDoc{
		"//schemagen:unlogged",
		"an UNLOGGED table: not written to the WAL, emptied after a crash, not replicated; changing it either way rewrites the table",
		`CREATE UNLOGGED TABLE "billing"."invoices" (...)`,
	}},
	{name: "with", needsTable: true, repeatable: true, doc: &directiveDoc{
		"//schemagen:with [CONSTRAINT] NAME=VALUE ...",
		"storage parameters of the table (`fillfactor=70`, `autovacuum_enabled=false`, `toast.autovacuum_enabled=false`), separated by spaces or commas; with CONSTRAINT, of the index of the primary key or unique constraint of that name",
		`CREATE TABLE "billing"."invoices" (...) WITH ("fillfactor" = '70')`,
	}},
	{name: "rowsecurity", needsTable: true, doc: &directiveDoc{
		"//schemagen:rowsecurity [force]",
		"enables row level security on the table; with `force`, for its owner too",
		`ALTER TABLE "billing"."invoices" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`,
	}},
	{name: "schema", pkgLevel: true, repeatable: true},
	{name: "enum"},
	{name: "view"},
	{name: "extension", pkgLevel: true, repeatable: true},
	{name: "sql", pkgLevel: true, repeatable: true},
	{name: "gorm", pkgLevel: true},
	{name: "bun", pkgLevel: true},
	{name: "ignore"},
}

// directiveNamed returns the directive called name.
func directiveNamed(name string) (directiveSpec, bool) {
	for _, d := range directives {
		if d.name == name {
			return d, true
		}
	}
	return directiveSpec{}, false
}

// directiveNames returns the names of the directives, in table order.
func directiveNames() []string {
	names := make([]string, len(directives))
	for i, d := range directives {
		names[i] = d.name
	}
	return names
}

// directive is one //schemagen: comment.
type directive struct {
	name string // "table"
	args string // the text after the name, up to a trailing comment
	pos  token.Position
}

// parseDirective parses a comment that starts with [directivePrefix].
func parseDirective(fset *token.FileSet, c *ast.Comment) (directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, directivePrefix)
	if !ok {
		return directive{}, false
	}
	d := directive{name: rest, pos: fset.Position(c.Slash)}
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		d.name, d.args = rest[:i], rest[i:]
	}
	if i := strings.Index(d.name, "//"); i >= 0 {
		d.name, d.args = d.name[:i], ""
	}
	d.args = strings.TrimSpace(cutComment(d.args, d.name == "index" || d.name == "check" || d.name == "exclude" || d.name == "partition" || d.name == "view" || isKeyDirective(d.name)))
	return d, true
}

// cutComment cuts s at a "//" that follows a space or tab: the start of a
// trailing comment. With sql set, a "//" inside a string, a quoted
// identifier or a comment of SQL, as PostgreSQL's lexer reads s, does not
// count.
func cutComment(s string, sql bool) string {
	var toks []sqlToken
	for i := 1; i < len(s); i++ {
		if s[i] != '/' || !strings.HasPrefix(s[i:], "//") || (s[i-1] != ' ' && s[i-1] != '\t') {
			continue
		}
		if sql {
			if toks == nil {
				toks = scanSQL(s)
			}
			if quotedAt(toks, i) {
				continue
			}
		}
		return s[:i]
	}
	return s
}

// checkDirectiveName reports an unknown directive.
func checkDirectiveName(name string) string {
	if _, ok := directiveNamed(name); ok {
		return ""
	}
	if s := suggest(name, directiveNames()); s != "" {
		return fmt.Sprintf("unknown directive //schemagen:%s (did you mean //schemagen:%s?)", name, s)
	}
	return fmt.Sprintf("unknown directive //schemagen:%s", name)
}

// typeDecl is a type declaration whose doc comment carries directives.
type typeDecl struct {
	pkg  *packages.Package
	ts   *ast.TypeSpec
	pos  token.Position         // the type's name
	dirs map[string][]directive // by name, in source order
}

// scanPackage returns the type declarations of pkg that carry directives
// and the package-level directives of its files (see
// [directiveSpec.pkgLevel]), in source order, and reports every unknown,
// misplaced or wrongly repeated directive.
func scanPackage(pkg *packages.Package, pf posFormatter, errs *ErrorList) ([]*typeDecl, []directive) {
	if pkg.TypesInfo == nil || pkg.Fset == nil || pkg.Types == nil {
		return nil, nil
	}
	var decls []*typeDecl
	var pkgDirs []directive
	for _, f := range pkg.Syntax {
		placed := map[*ast.Comment]bool{}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if td := scanTypeSpec(pkg, ts, typeDoc(gd, ts), placed, &pkgDirs, pf, errs); td != nil {
					decls = append(decls, td)
				}
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := parseDirective(pkg.Fset, c)
				if !ok || placed[c] {
					continue
				}
				if msg := checkDirectiveName(d.name); msg != "" {
					errs.Add(d.pos, msg)
					continue
				}
				if spec, _ := directiveNamed(d.name); spec.pkgLevel {
					pkgDirs = append(pkgDirs, d)
					continue
				}
				errs.Add(d.pos, fmt.Sprintf("misplaced directive //schemagen:%s: it belongs in the doc comment of a type", d.name))
			}
		}
	}
	slices.SortStableFunc(pkgDirs, func(a, b directive) int {
		return cmp.Or(strings.Compare(a.pos.Filename, b.pos.Filename), cmp.Compare(a.pos.Offset, b.pos.Offset))
	})
	return decls, pkgDirs
}

// typeDoc returns the doc comment of a type declaration: its own, or that
// of an ungrouped declaration.
func typeDoc(gd *ast.GenDecl, ts *ast.TypeSpec) *ast.CommentGroup {
	if ts.Doc == nil && !gd.Lparen.IsValid() {
		return gd.Doc
	}
	return ts.Doc
}

// scanTypeSpec collects the directives of one type declaration.
func scanTypeSpec(pkg *packages.Package, ts *ast.TypeSpec, doc *ast.CommentGroup, placed map[*ast.Comment]bool, pkgDirs *[]directive, pf posFormatter, errs *ErrorList) *typeDecl {
	if doc == nil {
		return nil
	}
	td := &typeDecl{pkg: pkg, ts: ts, pos: pkg.Fset.Position(ts.Name.Pos()), dirs: map[string][]directive{}}
	for _, c := range doc.List {
		d, ok := parseDirective(pkg.Fset, c)
		if !ok {
			continue
		}
		placed[c] = true
		if msg := checkDirectiveName(d.name); msg != "" {
			errs.Add(d.pos, msg)
			continue
		}
		spec, _ := directiveNamed(d.name)
		if spec.pkgLevel {
			*pkgDirs = append(*pkgDirs, d)
			continue
		}
		if prev := td.dirs[d.name]; len(prev) > 0 && !spec.repeatable {
			errs.Add(d.pos, fmt.Sprintf("duplicate //schemagen:%s directive (also at %s)", d.name, pf.format(prev[0].pos)))
			continue
		}
		td.dirs[d.name] = append(td.dirs[d.name], d)
	}
	if len(td.dirs) == 0 {
		return nil
	}
	if td.dirs["table"] == nil {
		for _, spec := range directives {
			if !spec.needsTable {
				continue
			}
			for _, d := range td.dirs[spec.name] {
				errs.Add(d.pos, fmt.Sprintf("//schemagen:%s needs //schemagen:table on the same type", spec.name))
			}
		}
	}
	return td
}

// indexSyntax is the grammar of //schemagen:index, for error messages.
const indexSyntax = "//schemagen:index NAME [unique] [using METHOD] (KEY, ...) [include (COLUMN, ...)] [nulls not distinct] [with (NAME=VALUE, ...)] [where PREDICATE]"

// indexMethods are PostgreSQL's built-in index access methods.
var indexMethods = []string{"btree", "hash", "gist", "gin", "brin", "spgist"}

// indexDirective is a parsed //schemagen:index.
type indexDirective struct {
	name    string
	unique  bool
	method  string   // lower case; "" for btree
	keys    []string // trimmed SQL text
	include []string // column names, unquoted
	options []string // storage parameters, "name=value", sorted
	where   string
	// nullsNotDistinct is set by "nulls not distinct" (unique only).
	nullsNotDistinct bool
}

// parseIndexDirective parses the arguments of //schemagen:index. The
// message of a mistake names the directive.
func parseIndexDirective(args string) (indexDirective, string) {
	var ix indexDirective
	s := args
	word := func() string {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
		if i < 0 {
			i = len(s)
		}
		w := s[:i]
		s = s[i:]
		return w
	}
	// group reads a parenthesized list at the start of s and splits it at
	// its top-level commas.
	group := func() ([]string, string) {
		end, msg := matchParen(s)
		if end < 0 {
			return nil, msg
		}
		inner := s[1:end]
		s = s[end+1:]
		if strings.TrimSpace(inner) == "" {
			return nil, "empty list ()"
		}
		parts, err := splitList(inner)
		if err != nil {
			return nil, err.Error()
		}
		for i, p := range parts {
			if parts[i] = strings.TrimSpace(p); parts[i] == "" {
				return nil, fmt.Sprintf("empty item in (%s)", inner)
			}
		}
		return parts, ""
	}

	ix.name = word()
	if ix.name == "" {
		return ix, "//schemagen:index needs a name first: " + indexSyntax
	}
	fail := func(format string, a ...any) (indexDirective, string) {
		return ix, fmt.Sprintf("//schemagen:index %s: ", ix.name) + fmt.Sprintf(format, a...)
	}
	if msg := checkObjectName("index", ix.name); msg != "" {
		return fail("%s", msg)
	}
	if strings.Contains(ix.name, ".") {
		return fail("an index lives in its table's schema; name it without a schema")
	}
	unexpected := func(w string) (indexDirective, string) {
		return fail("unexpected %q; want %s", w, indexSyntax)
	}
	method := false
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '(' {
			if ix.keys != nil {
				return unexpected(s)
			}
			keys, msg := group()
			if msg != "" {
				return fail("keys: %s", msg)
			}
			ix.keys = keys
			continue
		}
		w := word()
		switch lw := strings.ToLower(w); {
		case lw == "unique" && ix.keys == nil && !ix.unique && !method:
			ix.unique = true
		case lw == "using" && ix.keys == nil && !method:
			m := word()
			if m == "" {
				return fail(`"using" needs a method (%s)`, strings.Join(indexMethods, ", "))
			}
			lm := strings.ToLower(m)
			if !slices.Contains(indexMethods, lm) {
				if sug := suggest(lm, indexMethods); sug != "" {
					return fail("unknown index method %q (did you mean %q?)", m, sug)
				}
				return fail("unknown index method %q (want %s or %s)", m, strings.Join(indexMethods[:len(indexMethods)-1], ", "), indexMethods[len(indexMethods)-1])
			}
			method = true
			if lm != "btree" {
				ix.method = lm
			}
		case lw == "include" && ix.keys != nil && ix.include == nil:
			s = strings.TrimLeftFunc(s, unicode.IsSpace)
			if !strings.HasPrefix(s, "(") {
				return fail(`"include" needs a list of columns: include (COLUMN, ...)`)
			}
			cols, msg := group()
			if msg != "" {
				return fail("include: %s", msg)
			}
			for _, c := range cols {
				name, ok := identName(c)
				if !ok {
					return fail("include takes column names, got %q", c)
				}
				ix.include = append(ix.include, name)
			}
		case lw == "nulls" && ix.keys != nil && !ix.nullsNotDistinct:
			if n, d := strings.ToLower(word()), strings.ToLower(word()); n != "not" || d != "distinct" {
				return fail(`want "nulls not distinct"`)
			}
			ix.nullsNotDistinct = true
		case lw == "with" && ix.keys != nil && ix.options == nil:
			s = strings.TrimLeftFunc(s, unicode.IsSpace)
			if !strings.HasPrefix(s, "(") {
				return fail(`"with" needs a list of storage parameters: with (NAME=VALUE, ...)`)
			}
			opts, msg := group()
			if msg != "" {
				return fail("with: %s", msg)
			}
			parsed, msg := parseOptions(strings.Join(opts, ","), map[string]bool{})
			if msg != "" {
				return fail("with: %s", msg)
			}
			ix.options = parsed
		case lw == "where" && ix.keys != nil:
			ix.where = strings.TrimSpace(s)
			s = ""
			if ix.where == "" {
				return fail(`"where" needs a predicate`)
			}
		default:
			return unexpected(w)
		}
	}
	if ix.keys == nil {
		return fail("missing the keys (KEY, ...); want %s", indexSyntax)
	}
	if ix.nullsNotDistinct && !ix.unique {
		return fail(`"nulls not distinct" is for unique indexes`)
	}
	if ix.unique && ix.method != "" {
		return fail("method %s does not support unique indexes; only btree does", ix.method)
	}
	return ix, ""
}

// bareIdent matches an SQL identifier written without quotes.
var bareIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// leadingIdent matches a key that is a column name: a bare identifier
// alone or followed by words such as DESC, NULLS LAST, COLLATE "C" or an
// operator class, and no parenthesis.
var leadingIdent = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_$]*)(\s+[A-Za-z"][^(]*)?$`)

// identName returns the name of an identifier written bare or in double
// quotes.
func identName(s string) (string, bool) {
	if bareIdent.MatchString(s) {
		return s, true
	}
	if len(s) >= 3 && s[0] == '"' && s[len(s)-1] == '"' {
		inner := s[1 : len(s)-1]
		if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) == 0 {
			return strings.ReplaceAll(inner, `""`, `"`), true
		}
	}
	return "", false
}

// checkObjectName reports a name of an index or constraint (what) that
// a directive cannot hold, or that PostgreSQL would not keep as written.
func checkObjectName(what, name string) string {
	if strings.ContainsAny(name, `()'"`) {
		return fmt.Sprintf("invalid name %q: no parentheses or quotes", name)
	}
	return checkIdent(what, name)
}

// parseCheckDirective parses the arguments of //schemagen:check NAME EXPR
// [NO INHERIT].
func parseCheckDirective(args string) (*schema.Check, string) {
	const syntax = "//schemagen:check NAME EXPR [NO INHERIT]"
	name, expr := args, ""
	if i := strings.IndexFunc(args, unicode.IsSpace); i >= 0 {
		name, expr = args[:i], strings.TrimSpace(args[i:])
	}
	if name == "" || expr == "" || strings.HasPrefix(name, "(") {
		return nil, "//schemagen:check needs a name and an expression: " + syntax
	}
	if msg := checkObjectName("check constraint", name); msg != "" {
		return nil, fmt.Sprintf("//schemagen:check %s: %s", name, msg)
	}
	// NO INHERIT as the last two words: a quoted identifier or string
	// that ends so ends with its quote, not with the word.
	noInherit := false
	if w := strings.Fields(expr); len(w) > 2 && strings.EqualFold(w[len(w)-2], "no") && strings.EqualFold(w[len(w)-1], "inherit") {
		noInherit = true
		// Cut the two words by their own lengths: an index into
		// strings.ToLower(expr) is no index into expr, whose non-ASCII
		// letters may change length in lower case.
		for _, word := range []string{w[len(w)-1], w[len(w)-2]} {
			expr = strings.TrimRightFunc(expr, unicode.IsSpace)
			expr = expr[:len(expr)-len(word)]
		}
		expr = strings.TrimSpace(expr)
	}
	if err := sqlcheck.Expr(expr); err != nil {
		return nil, fmt.Sprintf("//schemagen:check %s: %v", name, err)
	}
	return &schema.Check{Name: name, Expr: expr, NoInherit: noInherit}, ""
}
