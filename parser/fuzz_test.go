package parser

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// The fuzz targets of this file run their seed corpora under
// testdata/fuzz/FuzzXxx with plain go test; fuzz one with
//
//	go test -run '^$' -fuzz '^FuzzParseTag$' -fuzztime 60s -parallel 2 ./parser

// maxFuzzInput bounds the inputs the targets look at, so that a run
// measures the parsers rather than the length of the strings.
const maxFuzzInput = 4096

// FuzzParseTag checks that parseTag never panics, that splitList loses no
// byte and splits as the lexer does, that every fragment and name of an accepted tag passes sqlcheck
// and schema.CheckIdentifier, and that an accepted tag printed by
// formatTag parses to the same fieldTag.
func FuzzParseTag(f *testing.F) {
	f.Add("total,type:numeric(12,2),default:0")
	for _, tag := range []string{
		"a,null,default:0; DROP TABLE sentinel", "x,default:$q$'$q$,unique", `x,default:E'\'',check:x > 0`,
		"x,default:/* /* , */ */ 1,index", "x,default:ARRAY['a','b'],type:text[]", "2fa,comment:1st place",
	} {
		f.Add(tag)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		if len(tag) > maxFuzzInput {
			return
		}
		parts, err := splitList(tag)
		if lexed, lexErr := splitTokens(tag); !slices.Equal(parts, lexed) || (err == nil) != (lexErr == nil) {
			t.Fatalf("splitList(%q) = %q, %v; by the lexer %q, %v", tag, parts, err, lexed, lexErr)
		}
		if err == nil {
			if got := strings.Join(parts, ","); got != tag {
				t.Fatalf("splitList(%q) parts %q join to %q", tag, parts, got)
			}
		} else if err.Error() == "" {
			t.Fatalf("splitList(%q): empty error", tag)
		}
		ft, errs := parseTag(tag, nil)
		for _, msg := range errs {
			if msg == "" {
				t.Fatalf("parseTag(%q): empty message among %q", tag, errs)
			}
		}
		if len(errs) > 0 {
			return
		}
		checkTagInvariants(t, tag, ft)
		printed := formatTag(ft)
		again, errs := parseTag(printed, nil)
		if len(errs) > 0 {
			t.Fatalf("parseTag(%q) accepted %+v, printed as %q, which fails: %q", tag, ft, printed, errs)
		}
		if diff := cmp.Diff(ft, again, cmp.AllowUnexported(fieldTag{}, fkTarget{})); diff != "" {
			t.Fatalf("parseTag(%q), printed as %q, parses to a different tag (-first +second):\n%s", tag, printed, diff)
		}
	})
}

// checkTagInvariants checks what every accepted tag satisfies.
func checkTagInvariants(t *testing.T, tag string, ft fieldTag) {
	t.Helper()
	fail := func(what string) { t.Fatalf("parseTag(%q) = %+v: %s", tag, ft, what) }
	if ft.name != strings.TrimSpace(ft.name) || ft.name == "-" {
		fail("name not trimmed, or \"-\"")
	}
	if ft.null && (ft.notnull || ft.pk || ft.identity) {
		fail("null with notnull, pk or identity")
	}
	if ft.identity && ft.def != "" {
		fail("identity with default")
	}
	if ft.generated != "" && (ft.def != "" || ft.identity || ft.pk) {
		fail("generated with default, identity or pk")
	}
	if ft.fk == nil && (ft.onDelete != nil || ft.onUpdate != nil) {
		fail("referential action without fk")
	}
	if ft.fk != nil && (ft.fk.column == "" || checkTableName(ft.fk.table) != "") {
		fail("bad fk target")
	}
	for _, f := range []struct {
		text  string
		check func(string) error
	}{
		{ft.typ, sqlcheck.Type}, {ft.def, sqlcheck.Expr}, {ft.check, sqlcheck.Expr}, {ft.generated, sqlcheck.Expr},
	} {
		if f.text != "" && f.check(f.text) != nil {
			fail("accepted fragment " + f.text)
		}
	}
	names := append([]string{ft.renamed}, append(ft.uniques, ft.indexes...)...)
	if ft.fk != nil {
		names = append(names, ft.fk.column)
	}
	for _, n := range names {
		if n != "" && schema.CheckIdentifier(n) != nil {
			fail("accepted name " + n)
		}
	}
	for _, a := range []*string{ft.onDelete, ft.onUpdate} {
		if a != nil && *a != "" && *a != "CASCADE" && *a != "RESTRICT" && *a != "SET NULL" && *a != "SET DEFAULT" {
			fail("unknown referential action " + *a)
		}
	}
}

// formatTag prints ft as a db tag in a canonical form: the options in a
// fixed order, the comment in single quotes.
func formatTag(ft fieldTag) string {
	parts := []string{ft.name}
	add := func(set bool, s string) {
		if set {
			parts = append(parts, s)
		}
	}
	add(ft.pk, "pk")
	add(ft.identity && !ft.identityAlways, "identity")
	add(ft.identityAlways, "identity:always")
	add(ft.sequence != "", "sequence:"+ft.sequence)
	add(ft.collation != "", "collate:"+ft.collation)
	add(ft.nullsNotDistinct, "nullsnotdistinct")
	add(ft.null, "null")
	add(ft.notnull, "notnull")
	add(ft.typ != "", "type:"+ft.typ)
	add(ft.def != "", "default:"+ft.def)
	named := func(key, name string) string {
		if name == "" {
			return key
		}
		return key + ":" + name
	}
	for _, u := range ft.uniques {
		parts = append(parts, named("unique", u))
	}
	for _, ix := range ft.indexes {
		parts = append(parts, named("index", ix))
	}
	if ft.fk != nil {
		parts = append(parts, "fk:"+ft.fk.table+"."+ft.fk.column)
	}
	action := func(a string) string {
		if a == "" {
			return "no action"
		}
		return strings.ToLower(a)
	}
	if ft.onDelete != nil {
		parts = append(parts, "ondelete:"+action(*ft.onDelete))
	}
	if ft.onUpdate != nil {
		parts = append(parts, "onupdate:"+action(*ft.onUpdate))
	}
	add(ft.check != "", "check:"+ft.check)
	add(ft.comment != "", "comment:'"+strings.ReplaceAll(ft.comment, "'", "''")+"'")
	add(ft.renamed != "", "renamed:"+ft.renamed)
	add(ft.generated != "", "generated:"+ft.generated)
	return strings.Join(parts, ",")
}

// FuzzParseDirective feeds a line after "//schemagen:" to parseDirective
// and its arguments, and the raw line too, to the parsers of the
// directives' arguments: table and renamed names, enum names, index and
// check directives. An accepted index or check directive printed again
// parses to the same value.
func FuzzParseDirective(f *testing.F) {
	f.Add("index i unique using btree (a, lower(b) DESC) include (c) where a > 0")
	f.Add("index thing_x_idx (id) where id > 0; COMMIT; DROP TABLE sentinel")
	f.Add("check c x <> $$ // $$ // note")
	f.Add("index i (f(a, $$,)$$), b[1]) where a <> E'\\' // '")
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > maxFuzzInput {
			return
		}
		text := directivePrefix + line
		d, ok := parseDirective(token.NewFileSet(), &ast.Comment{Text: text})
		if !ok {
			t.Fatalf("parseDirective(%q) is no directive", text)
		}
		if strings.IndexFunc(d.name, unicode.IsSpace) >= 0 || strings.Contains(d.name, "//") || !strings.HasPrefix(line, d.name) {
			t.Fatalf("parseDirective(%q): bad name %q", text, d.name)
		}
		if d.args != strings.TrimSpace(d.args) || !strings.Contains(line, d.args) {
			t.Fatalf("parseDirective(%q): args %q not trimmed or not from the line", text, d.args)
		}
		if msg := checkDirectiveName(d.name); (msg == "") != slices.Contains(directiveNames(), d.name) {
			t.Fatalf("checkDirectiveName(%q) = %q", d.name, msg)
		}
		for _, args := range []string{d.args, line} {
			checkNameArgs(t, args)
			checkIndexDirective(t, args)
			checkCheckDirective(t, args)
		}
	})
}

// checkNameArgs checks the [schema.]name of //schemagen:table,
// //schemagen:renamed and //schemagen:enum as model.go and enum.go read
// them: the one word of args.
func checkNameArgs(t *testing.T, args string) {
	t.Helper()
	words := strings.Fields(args)
	if len(words) != 1 {
		return
	}
	w := words[0]
	if q, msg := parseTableName(w); msg == "" {
		if q.Name == "" || strings.Contains(q.Name, ".") || strings.Contains(q.Schema, ".") || q.Schema == "" {
			t.Fatalf("parseTableName(%q) = %+v", w, q)
		}
		if again, msg := parseTableName(q.String()); msg != "" || again != q {
			t.Fatalf("parseTableName(%q) = %+v, printed %q, parses to %+v, %q", w, q, q.String(), again, msg)
		}
	}
	if msg := checkEnumName(w); msg == "" {
		for _, p := range strings.Split(w, ".") {
			if !enumNamePart.MatchString(p) || len(p) > schema.MaxIdentifierLength {
				t.Fatalf("checkEnumName accepted %q", w)
			}
		}
		if strings.Count(w, ".") > 1 {
			t.Fatalf("checkEnumName accepted %q", w)
		}
	}
}

// checkIndexDirective checks parseIndexDirective on args.
func checkIndexDirective(t *testing.T, args string) {
	t.Helper()
	ix, msg := parseIndexDirective(args)
	if msg != "" {
		if !strings.HasPrefix(msg, "//schemagen:index ") {
			t.Fatalf("parseIndexDirective(%q): message %q does not name the directive", args, msg)
		}
		return
	}
	fail := func(what string) { t.Fatalf("parseIndexDirective(%q) = %+v: %s", args, ix, what) }
	if ix.name == "" || checkObjectName("index", ix.name) != "" || strings.Contains(ix.name, ".") || strings.IndexFunc(ix.name, unicode.IsSpace) >= 0 {
		fail("bad name")
	}
	if len(ix.keys) == 0 {
		fail("no keys")
	}
	for _, k := range ix.keys {
		if k == "" || k != strings.TrimSpace(k) {
			fail("empty or untrimmed key")
		}
	}
	if ix.method != "" && (ix.method == "btree" || !slices.Contains(indexMethods, ix.method)) {
		fail("bad method")
	}
	if ix.unique && ix.method != "" {
		fail("unique index with method " + ix.method)
	}
	if ix.include != nil && len(ix.include) == 0 {
		fail("empty include")
	}
	for _, c := range ix.include {
		if c == "" {
			fail("empty include column")
		}
	}
	if ix.where != strings.TrimSpace(ix.where) {
		fail("untrimmed predicate")
	}
	printed := formatIndexDirective(ix)
	again, msg := parseIndexDirective(printed)
	if msg != "" {
		t.Fatalf("parseIndexDirective(%q) = %+v, printed as %q, which fails: %s", args, ix, printed, msg)
	}
	if diff := cmp.Diff(ix, again, cmp.AllowUnexported(indexDirective{})); diff != "" {
		t.Fatalf("parseIndexDirective(%q), printed as %q, parses to a different index (-first +second):\n%s", args, printed, diff)
	}
}

// formatIndexDirective prints the arguments of an index directive.
func formatIndexDirective(ix indexDirective) string {
	var b strings.Builder
	b.WriteString(ix.name)
	if ix.unique {
		b.WriteString(" unique")
	}
	if ix.method != "" {
		b.WriteString(" using " + ix.method)
	}
	b.WriteString(" (" + strings.Join(ix.keys, ", ") + ")")
	if ix.include != nil {
		cols := make([]string, len(ix.include))
		for i, c := range ix.include {
			cols[i] = c
			if !bareIdent.MatchString(c) {
				cols[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
		}
		b.WriteString(" include (" + strings.Join(cols, ", ") + ")")
	}
	if ix.where != "" {
		b.WriteString(" where " + ix.where)
	}
	return b.String()
}

// checkCheckDirective checks parseCheckDirective on args.
func checkCheckDirective(t *testing.T, args string) {
	t.Helper()
	c, msg := parseCheckDirective(args)
	if msg != "" {
		if c != nil || !strings.HasPrefix(msg, "//schemagen:check ") {
			t.Fatalf("parseCheckDirective(%q) = %+v, %q", args, c, msg)
		}
		return
	}
	if c.Name == "" || c.Expr == "" || checkObjectName("check constraint", c.Name) != "" || strings.IndexFunc(c.Name, unicode.IsSpace) >= 0 || c.Expr != strings.TrimSpace(c.Expr) || sqlcheck.Expr(c.Expr) != nil {
		t.Fatalf("parseCheckDirective(%q) = %+v", args, c)
	}
	again, msg := parseCheckDirective(c.Name + " " + c.Expr)
	if msg != "" || *again != *c {
		t.Fatalf("parseCheckDirective(%q) = %+v, printed, parses to %+v, %q", args, c, again, msg)
	}
}

// FuzzModel writes a model package whose directives and tags come from
// the fuzzer, type-checks it without the go command, and runs the steps
// of [Load] on it. When they report no mistake, the schema passes
// Validate and differ and migrate turn it into SQL without error; every
// mistake they report has a position in the file. Every change passes
// sqlcheck.Change and renders as statements that are one SQL command
// each. The changes replayed in memory make the models, and their reverse
// undoes them.
func FuzzModel(f *testing.F) {
	f.Add("billing.invoices", "i (id, lower(name)) where name <> ''", "c id > 0", "Invoices, \"quoted\"", "old_invoices", "mood", "id,pk", "name,type:varchar(32),unique,index:x", "mood,default:'happy'")
	f.Add("t", "i (id) where id > 0; COMMIT; DROP TABLE sentinel", "c $$a$$ <> ''", "", "", "mood", "id,pk,default:0; DROP TABLE sentinel", "name,type:text COLLATE \"C\"", "mood,check:mood <> 'sad') OR (true")
	f.Add("t", "i (name) where name IS NULL", "c name IS NOT NULL OR id > 0", "", "", "mood", "id,pk", "name,default:'x' || 'y',check:name IS NULL OR name <> ''", "mood,default:'happy'::mood")
	f.Fuzz(func(t *testing.T, table, index, check, comment, renamed, enum, tag1, tag2, tag3 string) {
		for _, s := range []string{table, index, check, comment, renamed, enum, tag1, tag2, tag3} {
			if len(s) > 512 || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\x00\ufeff") {
				return
			}
		}
		dir := func(name, args string) string {
			if args == "" {
				return ""
			}
			return "//schemagen:" + name + " " + args + "\n"
		}
		field := func(name, typ, tag string) string {
			return "\t" + name + " " + typ + " " + strconv.Quote("db:"+strconv.Quote(tag)) + "\n"
		}
		src := "package m\n\n" +
			"//schemagen:enum " + enum + "\ntype Mood string\n\nconst (\n\tHappy Mood = \"happy\"\n\tSad Mood = \"sad\"\n)\n\n" +
			"// Other is a table to point foreign keys at.\n//\n//schemagen:table other\ntype Other struct {\n\tID int64 `db:\"id,pk\"`\n}\n\n" +
			"// T is the fuzzed model.\n//\n//schemagen:table " + table + "\n" +
			dir("index", index) + dir("check", check) + dir("comment", comment) + dir("renamed", renamed) +
			"type T struct {\n" + field("ID", "int64", tag1) + field("Name", "*string", tag2) + field("Mood", "Mood", tag3) + "}\n"
		fset := token.NewFileSet()
		file, err := goparser.ParseFile(fset, "/m/m.go", src, goparser.ParseComments)
		if err != nil {
			return // the fuzzer wrote something that is no Go
		}
		info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		var conf types.Config
		tpkg, err := conf.Check("example.com/m", fset, []*ast.File{file}, info)
		if err != nil {
			t.Fatalf("type-check:\n%s\n%v", src, err)
		}
		pkg := &packages.Package{ID: "example.com/m", PkgPath: "example.com/m", Name: "m", Fset: fset, Syntax: []*ast.File{file}, Types: tpkg, TypesInfo: info}
		s, errs := loadPackages([]*packages.Package{pkg})
		for _, e := range errs {
			if e.Pos.Filename != "/m/m.go" || e.Pos.Line == 0 || e.Msg == "" {
				t.Fatalf("error without a position or message: %+v\n%s", e, src)
			}
		}
		if len(errs) > 0 {
			if testing.Verbose() {
				t.Logf("rejected: %v", errs)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("models accepted with no error, but Validate fails: %v\n%s", err, src)
		}
		changes, err := differ.Diff(nil, s)
		if err != nil {
			t.Fatalf("differ.Diff(nil, models): %v\n%s", err, src)
		}
		for _, c := range changes {
			if err := sqlcheck.Change(c); err != nil {
				t.Fatalf("sqlcheck.Change(%#v): %v\n%s", c, err, src)
			}
			stmts, err := change.SQL(c)
			if err != nil {
				t.Fatalf("change.SQL(%#v): %v\n%s", c, err, src)
			}
			for _, stmt := range stmts {
				if err := sqlcheck.Statement(stmt); err != nil {
					t.Fatalf("change.SQL(%#v): %v\n%s", c, err, src)
				}
			}
		}
		same, err := differ.Diff(s, s)
		if err != nil || len(same) != 0 {
			t.Fatalf("differ.Diff(models, models) = %v, %v; want no change\n%s", same, err, src)
		}
		// Replayed, the changes make the models; reversed, nothing.
		replayed, err := plan.Replay(&schema.Schema{}, changes)
		if err != nil {
			t.Fatalf("plan.Replay(changes): %v\n%s", err, src)
		}
		if left, err := differ.Diff(replayed, s); err != nil || len(left) != 0 {
			t.Fatalf("differ.Diff(replayed changes, models) = %v, %v; want no change\n%s", left, err, src)
		}
		down, ok := change.ReverseAll(changes)
		if !ok {
			t.Fatalf("change.ReverseAll(changes) not ok\n%s", src)
		}
		empty, err := plan.Replay(replayed, down)
		if err != nil || len(empty.Tables) != 0 || len(empty.Enums) != 0 || len(empty.Schemas) != 0 {
			t.Fatalf("replaying the reverse changes = %+v, %v; want an empty schema\n%s", empty, err, src)
		}
	})
}

// loadPackages runs what [Load] runs after go/packages (schemaOf), less
// Validate, which the caller checks.
func loadPackages(pkgs []*packages.Package) (*schema.Schema, ErrorList) {
	var errs ErrorList
	s := schemaOf(pkgs, &errs)
	errs.RemoveDuplicates()
	return s, errs
}
