package migfile

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"golang.org/x/mod/modfile"
)

// testEnv is the environment of the tests' contexts: cgo off, no go env
// file, build tag "extra".
func testEnv(name string) string {
	return map[string]string{"CGO_ENABLED": "0", "GOENV": "off", "GOFLAGS": "-mod=mod -tags=extra"}[name]
}

// migration is a migration file's source.
func migration(imp, rev, body string) string {
	return fmt.Sprintf(`package migrations

import %[1]s

func init() {
	Set.Add(%[2]s.Migration{
		Revision: %[3]q,
		Message:  "m",
		Upgrade: func(op *%[2]s.Op) {
%[4]s
		},
	})
}
`, imp, importName(imp), rev, body)
}

func importName(imp string) string {
	if name, _, ok := strings.Cut(imp, " "); ok {
		return name
	}
	return "migrate"
}

const migrateImport = `"github.com/schemagen/schemagen/migrate"`

// readPkg writes files into a new folder and reads it.
func readPkg(t *testing.T, files map[string]string) (*Package, string) {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["migrations.go"]; !ok {
		files["migrations.go"] = setFile
	}
	for name, src := range files {
		writeFile(t, filepath.Join(dir, name), src)
	}
	p, err := Read(dir, NewContext(testEnv, "1.26.0"))
	if err != nil {
		t.Fatal(err)
	}
	return p, dir
}

// TestRead runs the reader on hostile packages: what it reads, what it
// says it cannot read (as file:line:col: message), and what needs the
// compiler.
func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		// revs are the revisions read, in order.
		revs []string
		// problem matches the metadata problems, one per line; empty
		// for none.
		problem string
		// notStatic matches the error of Set; empty when the package
		// is static.
		notStatic string
	}{
		{
			name:  "plain",
			files: map[string]string{"001_a.go": migration(migrateImport, "001", `op.CreateSchema("a")`)},
			revs:  []string{"001"},
		},
		{
			name:  "import alias",
			files: map[string]string{"001_a.go": migration("mg "+migrateImport, "001", `op.Execute("SELECT 1")`)},
			revs:  []string{"001"},
		},
		{
			name: "two names for migrate",
			files: map[string]string{"001_a.go": `package migrations

import (
	a "github.com/schemagen/schemagen/migrate"
	b "github.com/schemagen/schemagen/migrate"
)

func init() {
	Set.Add(a.Migration{Revision: "001", Upgrade: func(op *b.Op) { op.CreateEnum(b.Enum{Name: "e"}) }})
}
`},
			revs: []string{"001"},
		},
		{
			name:    "dot import",
			files:   map[string]string{"001_a.go": "package migrations\n\nimport . " + migrateImport + "\n\nfunc init() { Set.Add(Migration{Revision: \"001\"}) }\n"},
			problem: `^001_a.go:3:8: migrate is imported with a dot`,
		},
		{
			name: "build constraint ignore",
			files: map[string]string{
				"001_a.go":     migration(migrateImport, "001", ""),
				"002_b.go":     "//go:build ignore\n\n" + migration(migrateImport, "002", ""),
				"003_c.go":     "//go:build extra\n\n" + migration(migrateImport, "003", ""),
				"004_d.go":     "//go:build !extra\n\n" + migration(migrateImport, "004", ""),
				"005_e.go":     "// +build ignore\n\n" + migration(migrateImport, "005", ""),
				"_006_f.go":    migration(migrateImport, "006", ""),
				".007_g.go":    migration(migrateImport, "007", ""),
				"008_plan9.go": migration(migrateImport, "008", ""),
			},
			revs: []string{"001", "003"},
		},
		{
			name: "a constraint only the go command decides",
			files: map[string]string{
				"001_a.go": "//go:build go1.99\n\n" + migration(migrateImport, "001", ""),
				"002_b.go": "//go:build go1.99 || !go1.99\n\n" + migration(migrateImport, "002", ""),
				"003_c.go": "//go:build go1.20\n\n" + migration(migrateImport, "003", ""),
			},
			problem: `^001_a.go:1:1: whether the go command compiles this file depends on its version`,
		},
		{
			name: "another package",
			files: map[string]string{
				"001_a.go": migration(migrateImport, "001", ""),
				"002_b.go": strings.Replace(migration(migrateImport, "002", ""), "package migrations", "package other", 1),
				"003_c.go": "// Package documentation is left out by the go command.\npackage documentation\n",
			},
			problem: `^002_b.go:1:9: package other; expected package migrations`,
		},
		{
			name: "test file",
			files: map[string]string{
				"001_a.go":      migration(migrateImport, "001", ""),
				"002_b_test.go": migration(migrateImport, "002", ""),
				"003_c_test.go": "package migrations_test\n",
			},
			revs: []string{"001"},
		},
		{
			name: "non-literal metadata",
			files: map[string]string{"001_a.go": `package migrations

import "github.com/schemagen/schemagen/migrate"

const rev = "001"

func init() {
	Set.Add(migrate.Migration{Revision: rev, DownRevision: parents()})
}

func parents() []string { return nil }
`},
			problem: `^001_a.go:8:38: Revision: rev is not a literal`,
		},
		{
			name: "migration added by a helper",
			files: map[string]string{"001_a.go": `package migrations

import "github.com/schemagen/schemagen/migrate"

func init() { add("001") }

func add(rev string) {
	Set.Add(migrate.Migration{Revision: rev})
}

var m = migrate.Migration{Revision: "002"}

func init() {
	Set.Add(m)
}
`},
			problem: `(?s)^001_a.go:8:2: Set.Add outside init\(\).*
001_a.go:11:9: migrate.Migration used other than in Set.Add.*
001_a.go:14:2: Set.Add's argument is not a migrate.Migration literal`,
		},
		{
			name: "init that does more",
			files: map[string]string{"001_a.go": `package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	if true {
		return
	}
	Set.Add(migrate.Migration{Revision: "001"})
}
`},
			problem: `^001_a.go:6:2: init\(\) adds migrations and does more`,
		},
		{
			name:      "op calls with variables",
			files:     map[string]string{"001_a.go": strings.Replace(migration(migrateImport, "001", "\t\t\top.Execute(sql)"), "func init", "const sql = `SELECT 1`\n\nfunc init", 1)},
			revs:      []string{"001"},
			notStatic: `^001_a.go:5:1: the file declares sql`,
		},
		{
			name:      "op call with a variable argument",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\top.Execute(\"a\")\n\t\t\top.DropTable(name)")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:11:17: name is not a literal`,
		},
		{
			name: "helper function",
			files: map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\tcreate(op)") +
				"\nfunc create(op *migrate.Op) { op.CreateSchema(\"a\") }\n"},
			revs:      []string{"001"},
			notStatic: `^001_a.go:15:1: the file declares create`,
		},
		{
			name:      "a statement other than an op call",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\tfor range 3 {\n\t\t\t\top.Execute(\"x\")\n\t\t\t}")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:10:4: a statement other than an op call`,
		},
		{
			name:      "a call the compiler refuses",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\top.DropTable(42)")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:10:17: cannot use 42 \(untyped int constant\) as string value`,
		},
		{
			name:      "an unknown method",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\top.Drop(\"t\")")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:10:7: op.Drop undefined`,
		},
		{
			name:      "an unknown field",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", "\t\t\top.AddColumn(\"t\", migrate.Column{Nmae: \"c\"})")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:10:37: unknown field Nmae in struct literal`,
		},
		{
			name:      "an unused import",
			files:     map[string]string{"001_a.go": strings.Replace(migration(migrateImport, "001", ""), "import "+migrateImport, "import (\n\t\"strings\"\n\n\t"+migrateImport+"\n)", 1)},
			revs:      []string{"001"},
			notStatic: `^001_a.go:4:2: "strings" is imported and not used`,
		},
		{
			name: "a Go step",
			files: map[string]string{"001_a.go": `package migrations

import (
	"context"
	"strings"

	"github.com/schemagen/schemagen/migrate"
)

func init() {
	Set.Add(migrate.Migration{
		Revision: "001",
		Upgrade: func(op *migrate.Op) {
			op.Execute("SELECT 1")
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				_, err := q.ExecContext(ctx, strings.ToUpper("select 2"))
				return err
			})
		},
	})
}
`},
			revs: []string{"001"},
		},
		{
			name: "a Go step of the wrong type",
			files: map[string]string{"001_a.go": migration(`(
	"context"

	"github.com/schemagen/schemagen/migrate"
)`, "001", "\t\t\top.Run(func(ctx context.Context) error { return nil })")},
			revs:      []string{"001"},
			notStatic: `^001_a.go:14:11: cannot use the function literal`,
		},
		{
			name:      "no Set",
			files:     map[string]string{"001_a.go": migration(migrateImport, "001", ""), "migrations.go": "package migrations\n"},
			revs:      []string{"001"},
			notStatic: `no file declares var Set`,
		},
		{
			name:    "a file that does not parse",
			files:   map[string]string{"001_a.go": "package migrations\n\nfunc init() {\n"},
			problem: `^001_a.go:\d+:\d+: expected '}', found 'EOF'`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, dir := readPkg(t, tt.files)
			rel := func(s string) string { return strings.ReplaceAll(s, dir+string(filepath.Separator), "") }
			var revs []string
			for _, m := range p.Migrations() {
				revs = append(revs, m.Revision)
			}
			problems := rel(p.Problems.Error())
			if len(p.Problems) == 0 {
				problems = ""
			}
			if tt.problem == "" && problems != "" || !regexp.MustCompile(tt.problem).MatchString(problems) {
				t.Fatalf("problems:\n%s\nwant a match of %q", problems, tt.problem)
			}
			if tt.problem != "" {
				if _, err := p.Set(); err == nil {
					t.Error("Set() of a package with problems: no error")
				}
				return
			}
			if !slices.Equal(revs, tt.revs) {
				t.Errorf("revisions %q, want %q", revs, tt.revs)
			}
			set, err := p.Set()
			if tt.notStatic != "" {
				var nse *NotStaticError
				if err == nil {
					t.Fatalf("Set(): no error, want %q", tt.notStatic)
				}
				if !errorsAs(err, &nse) || !regexp.MustCompile(tt.notStatic).MatchString(rel(nse.Reasons.Error())) {
					t.Fatalf("Set(): %v, want a NotStaticError matching %q", rel(err.Error()), tt.notStatic)
				}
				return
			}
			if err != nil {
				t.Fatalf("Set(): %v", rel(err.Error()))
			}
			if got := len(set.Migrations()); got != len(tt.revs) {
				t.Errorf("the set holds %d migrations, want %d", got, len(tt.revs))
			}
		})
	}
}

func errorsAs(err error, target **NotStaticError) bool {
	e, ok := err.(*NotStaticError)
	*target = e
	return ok
}

// TestGoStep checks what a Go step records without compiling: a step
// whose function is not at hand, as a dump of the compiled program has it.
func TestGoStep(t *testing.T) {
	p, _ := readPkg(t, map[string]string{"001_a.go": migration(`(
	"context"

	"github.com/schemagen/schemagen/migrate"
)`, "001", "\t\t\top.Run(func(ctx context.Context, q migrate.Querier) error { panic(\"not run\") })\n\t\t\top.Run(nil)")})
	set, err := p.Set()
	if err != nil {
		t.Fatal(err)
	}
	got := migrate.Record(set.Migrations()[0].Upgrade)
	if len(got) != 2 {
		t.Fatalf("recorded %d changes, want 2", len(got))
	}
	for _, c := range got {
		if rg, ok := c.(change.RunGo); !ok || rg.Func != nil {
			t.Errorf("recorded %#v, want a RunGo without its function", c)
		}
	}
}

// TestLiterals checks the literal forms a hand-written file may use.
func TestLiterals(t *testing.T) {
	p, _ := readPkg(t, map[string]string{"001_a.go": `package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:      "00" + "1",
		DownRevision:  nil,
		Message:       ` + "`raw\\n`" + `,
		NoTransaction: !false,
		AllowHazards:  []migrate.HazardKind{migrate.HazardDataLoss, "long-lock", migrate.HazardKind("table-rewrite")},
		Upgrade: func(o *migrate.Op) {
			o.CreateTableNamed("s.t", migrate.Table{
				Columns:    []*migrate.Column{{Name: "a", Type: "int"}, &migrate.Column{Name: "b", Type: "text", Nullable: (true)}},
				PrimaryKey: &migrate.PrimaryKey{Columns: []string{"a"}},
			});
			o.AlterEnum("e", []string{"x"}, []string{"x", "y"}, []migrate.EnumColumn{{Table: "t", Column: "c"}}...)
			o.AlterEnum("e", nil, nil, migrate.EnumColumn{Table: "t", Column: "c"}, migrate.EnumColumn{Table: "u", Column: "d"})
		},
		Downgrade: nil,
	})
}
`})
	set, err := p.Set()
	if err != nil {
		t.Fatal(err)
	}
	m := set.Migrations()[0]
	if m.Revision != "001" || m.Message != `raw\n` || !m.NoTransaction || m.Downgrade != nil ||
		!slices.Equal(m.AllowHazards, []migrate.HazardKind{migrate.HazardDataLoss, migrate.HazardLongLock, migrate.HazardTableRewrite}) {
		t.Errorf("metadata %+v", m)
	}
	if m.File != "001_a.go" || m.Line != 6 {
		t.Errorf("File, Line = %s, %d; want 001_a.go, 6 (the line of the Set.Add call, as runtime.Caller gives it)", m.File, m.Line)
	}
	got := migrate.Record(m.Upgrade)
	ct := got[0].(change.CreateTable)
	if ct.Table.Schema != "s" || ct.Table.Name != "t" || len(ct.Table.Columns) != 2 || !ct.Table.Columns[1].Nullable || ct.Table.PrimaryKey.Columns[0] != "a" {
		t.Errorf("CreateTable %+v", ct.Table)
	}
	if ae := got[1].(change.AlterEnum); len(ae.Columns) != 1 || ae.Columns[0].Column != "c" {
		t.Errorf("AlterEnum with a spread slice: %+v", ae)
	}
	if ae := got[2].(change.AlterEnum); len(ae.Columns) != 2 || ae.From != nil {
		t.Errorf("AlterEnum with two columns: %+v", ae)
	}
	// Each recording builds its values anew: changing one recording
	// leaves the next alone.
	ct.Table.Columns[0].Name = "changed"
	if again := migrate.Record(m.Upgrade)[0].(change.CreateTable); again.Table.Columns[0].Name != "a" {
		t.Error("two recordings share a column")
	}
}

// TestHugeFile reads a migration of 2,000 tables: its changes, and in a
// time far from the compiler's (not asserted: see make bench).
func TestHugeFile(t *testing.T) {
	var b strings.Builder
	const tables = 2000
	for i := range tables {
		fmt.Fprintf(&b, "\t\t\top.CreateTableNamed(\"t%d\", migrate.Table{\n\t\t\t\tColumns: []*migrate.Column{\n", i)
		for j := range 15 {
			fmt.Fprintf(&b, "\t\t\t\t\t{Name: \"c%d\", Type: \"text\", Nullable: true, Default: \"'x'\"},\n", j)
		}
		b.WriteString("\t\t\t\t},\n\t\t\t\tPrimaryKey: &migrate.PrimaryKey{Name: \"pk\", Columns: []string{\"c0\"}},\n\t\t\t})\n")
	}
	p, _ := readPkg(t, map[string]string{"001_a.go": migration(migrateImport, "001", b.String())})
	set, err := p.Set()
	if err != nil {
		t.Fatal(err)
	}
	got := migrate.Record(set.Migrations()[0].Upgrade)
	if len(got) != tables {
		t.Fatalf("recorded %d changes, want %d", len(got), tables)
	}
	if last := got[tables-1].(change.CreateTable); last.Table.Name != fmt.Sprintf("t%d", tables-1) || len(last.Table.Columns) != 15 {
		t.Errorf("last table %+v", last.Table)
	}
}

// TestNamesComplete checks that the reader's tables name every exported
// type and constant of package migrate, so that a type added there is
// read without compiling (or this test says which row to add).
func TestNamesComplete(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := goparser.ParseDir(fset, "../../migrate", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok {
					continue
				}
				for _, s := range gd.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && migrateTypes[s.Name.Name] == nil {
							t.Errorf("migrate.%s is missing from migrateTypes", s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if _, ok := migrateConsts[n.Name]; gd.Tok == token.CONST && n.IsExported() && !ok {
								t.Errorf("migrate.%s is missing from migrateConsts", n.Name)
							}
						}
					}
				}
			}
		}
	}
}

// TestSchemagenGo checks schemagenGo against schemagen's go.mod.
func TestSchemagenGo(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Go == nil || f.Go.Version != schemagenGo {
		t.Errorf("go.mod says go %v; schemagenGo is %s", f.Go, schemagenGo)
	}
}

// TestUnchanged checks that a reading knows when its folder changed.
func TestUnchanged(t *testing.T) {
	p, dir := readPkg(t, map[string]string{"001_a.go": migration(migrateImport, "001", "")})
	if !p.Unchanged() {
		t.Fatal("Unchanged right after Read: false")
	}
	writeFile(t, filepath.Join(dir, "002_b.go"), migration(migrateImport, "002", ""))
	if p.Unchanged() {
		t.Error("Unchanged after a file was added: true")
	}
}
