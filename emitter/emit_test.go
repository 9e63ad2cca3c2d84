package emitter

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/kindtest"
	"github.com/schemagen/schemagen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/migrations")

// goldenGoVersion is the Go release whose gofmt wrote the golden files;
// another release may lay out source differently.
const goldenGoVersion = "go1.26"

const goldenDir = "testdata/golden/migrations"

// emitAll returns the files of the golden migrations package.
func emitAll(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := SetFile("migrations")
	if err != nil {
		t.Fatalf("SetFile: %v", err)
	}
	for _, tc := range goldenCases() {
		out, err := Emit(tc.m)
		if err != nil {
			t.Fatalf("%s: Emit: %v", tc.name, err)
		}
		for name, src := range out {
			if _, dup := files[name]; dup {
				t.Fatalf("%s: file name %s used twice", tc.name, name)
			}
			files[name] = src
		}
	}
	return files
}

func TestGolden(t *testing.T) {
	files := emitAll(t)
	for name, src := range files {
		t.Run(name, func(t *testing.T) {
			checkSource(t, name, src)
			// The fixtures set the model hints RenamedFrom and Pos, which
			// the dump's JSON cannot show; they must not be written.
			for _, hint := range []string{"RenamedFrom", "Pos:"} {
				if bytes.Contains(src, []byte(hint)) {
					t.Errorf("output holds the model hint %s", hint)
				}
			}
			path := filepath.Join(goldenDir, name)
			if *update {
				if err := os.WriteFile(path, src, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./emitter -update)", err)
			}
			if !bytes.Equal(want, src) {
				if !strings.HasPrefix(runtime.Version(), goldenGoVersion+".") && runtime.Version() != goldenGoVersion {
					t.Skipf("golden files were written by %s gofmt; this is %s", goldenGoVersion, runtime.Version())
				}
				t.Errorf("%s differs from golden file (-want +got):\n%s", name, cmp.Diff(string(want), string(src)))
			}
		})
	}
	t.Run("no stale files", func(t *testing.T) {
		entries, err := os.ReadDir(goldenDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, ok := files[e.Name()]; ok {
				continue
			}
			if *update {
				if err := os.Remove(filepath.Join(goldenDir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s in %s is no golden case's output (run go test ./emitter -update)", e.Name(), goldenDir)
		}
	})
}

// checkSource checks that src parses again and that gofmt leaves it alone.
func checkSource(t *testing.T, name string, src []byte) {
	t.Helper()
	if _, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, src)
	}
	again, err := format.Source(src)
	if err != nil {
		t.Fatalf("format output: %v", err)
	}
	if !bytes.Equal(again, src) {
		t.Errorf("output is not gofmt-idempotent (-emitted +reformatted):\n%s", cmp.Diff(string(src), string(again)))
	}
}

// TestGoldenModule vets the golden migrations package with the go command
// and runs testdata/golden/dump, which prints what each migration's
// Upgrade and Downgrade record; that must be the changes the files were
// emitted from, as far as an op call carries them (drops carry names).
// The same goes for package oldformat, the same migrations in the form
// an earlier emitter wrote: old files must keep compiling and recording
// the same changes.
func TestGoldenModule(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = "testdata/golden"
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return out
	}
	run("vet", "./...")
	bin := filepath.Join(t.TempDir(), "dump")
	run("build", "-o", bin, "./dump")

	for _, pkg := range []struct {
		name, arg string
		oldFormat bool
	}{{"migrations", "", false}, {"oldformat", "oldformat", true}} {
		t.Run(pkg.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			if pkg.arg != "" {
				cmd.Args = append(cmd.Args, pkg.arg)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("dump %s: %v\n%s", pkg.arg, err, stderr.Bytes())
			}
			var got []dumpMigration
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("decode dump output: %v\n%s", err, out)
			}
			var want []dumpMigration
			for _, tc := range goldenCases() {
				m := tc.m
				want = append(want, dumpMigration{
					Revision:      m.Revision,
					DownRevision:  m.DownRevision,
					Message:       m.Message,
					NoTransaction: m.NoTransaction,
					File:          FileName(m.Revision, m.Message),
					Upgrade:       recordedJSON(t, m.Upgrade),
					Downgrade:     recordedJSON(t, m.Downgrade),
				})
			}
			slices.SortFunc(want, func(a, b dumpMigration) int { return strings.Compare(a.File, b.File) })
			if pkg.oldFormat {
				// The old files are frozen: the cases added since have
				// none, and their names are those an older FileName gave
				// (cut at 40 bytes, "..._and.go").
				want = slices.DeleteFunc(want, func(w dumpMigration) bool {
					return !slices.ContainsFunc(got, func(g dumpMigration) bool { return g.Revision == w.Revision })
				})
				for i, w := range want {
					g := got[slices.IndexFunc(got, func(g dumpMigration) bool { return g.Revision == w.Revision })]
					// Both are cuts of one slug: one is a prefix of the other.
					old, cur := strings.TrimSuffix(g.File, ".go"), strings.TrimSuffix(w.File, ".go")
					if !strings.HasPrefix(old, cur) && !strings.HasPrefix(cur, old) {
						t.Errorf("frozen file %s: want %s or a name cut differently", g.File, w.File)
					}
					want[i].File = g.File
				}
				if len(got) < 13 {
					t.Fatalf("package oldformat has %d migrations, want its 13 frozen ones", len(got))
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("changes recorded by the golden files differ from the emitted ones (-want +got):\n%s", diff)
			}
		})
	}
}

// dumpMigration and dumpChange decode the output of testdata/golden/dump.
type dumpMigration struct {
	Revision      string
	DownRevision  []string
	Message       string
	NoTransaction bool
	File          string
	Upgrade       []dumpChange
	Downgrade     []dumpChange
}

type dumpChange struct {
	Type   string
	Change any
}

// recordedJSON returns cs as the golden files, in either format, record
// them, decoded from JSON as the dump output is.
func recordedJSON(t *testing.T, cs []change.Change) []dumpChange {
	t.Helper()
	type typedChange struct {
		Type   string
		Change change.Change
	}
	typed := []typedChange{}
	for _, c := range cs {
		typed = append(typed, typedChange{Type: fmt.Sprintf("%T", c), Change: recorded(c)})
	}
	b, err := json.Marshal(typed)
	if err != nil {
		t.Fatal(err)
	}
	var out []dumpChange
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// recorded returns what migrate.Op records from the op call that Emit
// writes for c: the same canonical names (Op puts a literal that leaves
// out the public schema back in it), drops by name alone, and no empty
// lists where the literal leaves them out.
func recorded(c change.Change) change.Change {
	switch c := c.(type) {
	case change.DropTable:
		return change.DropTable{Table: &schema.Table{Schema: c.Table.Schema, Name: c.Table.Name}, Archive: c.Archive}
	case change.DropColumn:
		return change.DropColumn{Table: c.Table, Column: &schema.Column{Name: c.Column.Name}, Archive: c.Archive}
	case change.DropPrimaryKey:
		return change.DropPrimaryKey{Table: c.Table, PrimaryKey: &schema.PrimaryKey{Name: c.PrimaryKey.Name}}
	case change.DropUnique:
		return change.DropUnique{Table: c.Table, Unique: &schema.Unique{Name: c.Unique.Name}}
	case change.DropForeignKey:
		return change.DropForeignKey{Table: c.Table, ForeignKey: &schema.ForeignKey{Name: c.ForeignKey.Name}}
	case change.DropIndex:
		return change.DropIndex{Table: c.Table, Index: &schema.Index{Name: c.Index.Name}, Concurrently: c.Concurrently}
	case change.CreateEnum:
		e := *c.Enum
		if len(e.Values) == 0 {
			e.Values = nil
		}
		return change.CreateEnum{Enum: &e}
	case change.DropEnum:
		return change.DropEnum{Enum: &schema.Enum{Schema: c.Enum.Schema, Name: c.Enum.Name}}
	case change.AlterEnum:
		if len(c.Columns) == 0 {
			c.Columns = nil
		}
		return c
	case change.DropCheck:
		return change.DropCheck{Table: c.Table, Check: &schema.Check{Name: c.Check.Name}}
	case change.DropObject:
		return change.DropObject{Object: &schema.Object{Kind: c.Object.Kind, Schema: c.Object.Schema, Name: c.Object.Name, Table: c.Object.Table}}
	case change.SetTableComment:
		return change.SetTableComment{Table: c.Table, To: c.To}
	case change.SetColumnComment:
		return change.SetColumnComment{Table: c.Table, Column: c.Column, To: c.To}
	case change.SetSchemaComment:
		return change.SetSchemaComment{Schema: c.Schema, To: c.To}
	case change.DropExclusion:
		return change.DropExclusion{Table: c.Table, Exclusion: &schema.Exclusion{Name: c.Exclusion.Name}}
	case change.RunGo:
		// The stub of a backfill records a batched Go step, which a
		// dump shows without its function.
		return change.RunGo{Batched: c.Batched}
	case change.Execute:
		if c.Effects != nil {
			effects := make(change.Changes, len(c.Effects))
			for i, e := range c.Effects {
				effects[i] = recorded(e)
			}
			c.Effects = effects
		}
		return c
	}
	return c
}

// TestEveryChangeTypeEmitted checks that the golden cases hold every
// change type declared in change/change.go, so a type added there and
// missing from the emitter fails here, and that RunGo is refused.
func TestEveryChangeTypeEmitted(t *testing.T) {
	declared := kindtest.Kinds(t)
	covered := map[string]bool{}
	for _, tc := range goldenCases() {
		for _, c := range slices.Concat(tc.m.Upgrade, tc.m.Downgrade) {
			covered[strings.TrimPrefix(fmt.Sprintf("%T", c), "change.")] = true
		}
	}
	for _, name := range declared {
		if name == "RunGo" {
			continue
		}
		if !covered[name] {
			t.Errorf("change type %s is in no golden case", name)
		}
	}
	m := Migration{Package: "migrations", Revision: "20260101000000", Upgrade: []change.Change{
		change.RunGo{Func: func(_ context.Context, _ change.Querier) error { return nil }},
	}}
	if _, err := Emit(m); err == nil || !strings.Contains(err.Error(), "run Go code") {
		t.Errorf("Emit(RunGo) error = %v, want one about Go code", err)
	}
}

func TestEmitDeterministic(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := goldenCases()
			first, err := Emit(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			second, err := Emit(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("second Emit differs (-first +second):\n%s", diff)
			}
			// Emit must leave its input alone.
			if diff := cmp.Diff(before, goldenCases(), cmp.AllowUnexported(goldenCase{})); diff != "" {
				t.Errorf("fixtures changed:\n%s", diff)
			}
			for _, c := range before {
				if c.name != tc.name {
					continue
				}
				if diff := cmp.Diff(c.m, tc.m); diff != "" {
					t.Errorf("Emit modified its input (-before +after):\n%s", diff)
				}
			}
		})
	}
}

func TestEmitErrors(t *testing.T) {
	ok := Migration{Package: "migrations", Revision: "20260101000000"}
	with := func(f func(m *Migration)) Migration {
		m := ok
		f(&m)
		return m
	}
	up := func(cs ...change.Change) Migration {
		return with(func(m *Migration) { m.Upgrade = cs })
	}
	tests := []struct {
		name            string
		m               Migration
		wantErrContains string
	}{
		{name: "empty package", m: with(func(m *Migration) { m.Package = "" }), wantErrContains: `package name ""`},
		{name: "package with dash", m: with(func(m *Migration) { m.Package = "my-migrations" }), wantErrContains: "not a Go identifier"},
		{name: "blank package", m: with(func(m *Migration) { m.Package = "_" }), wantErrContains: "not a Go identifier"},
		{name: "short revision", m: with(func(m *Migration) { m.Revision = "2026" }), wantErrContains: "YYYYMMDDHHMMSS"},
		{name: "revision with letters", m: with(func(m *Migration) { m.Revision = "2026010100000x" }), wantErrContains: "YYYYMMDDHHMMSS"},
		{name: "empty suffix", m: with(func(m *Migration) { m.Revision = "20260101000000_" }), wantErrContains: "YYYYMMDDHHMMSS_suffix"},
		{name: "upper-case suffix", m: with(func(m *Migration) { m.Revision = "20260101000000_Kfxd" }), wantErrContains: "YYYYMMDDHHMMSS_suffix"},
		{name: "suffix with a slash", m: with(func(m *Migration) { m.Revision = "20260101000000_a/b" }), wantErrContains: "YYYYMMDDHHMMSS_suffix"},
		{name: "suffix with a quote", m: with(func(m *Migration) { m.Revision = `20260101000000_a"b` }), wantErrContains: "YYYYMMDDHHMMSS_suffix"},
		{name: "nil change", m: up(nil), wantErrContains: "upgrade change 1: nil change"},
		{name: "nil table", m: up(change.CreateTable{}), wantErrContains: "no table definition"},
		{name: "nil column in table", m: up(change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", Columns: []*schema.Column{nil}}}), wantErrContains: "nil column"},
		{name: "nil column", m: up(change.AddColumn{Table: pub("t")}), wantErrContains: "no column definition"},
		{name: "alter without to", m: up(change.AlterColumn{Table: pub("t"), From: col("a", "text")}), wantErrContains: "From and To"},
		{name: "nil drop index", m: with(func(m *Migration) { m.Downgrade = []change.Change{change.DropIndex{Table: pub("t")}} }), wantErrContains: "downgrade change 1"},
		{name: "dotted schema", m: up(change.DropColumn{Table: schema.QualifiedName{Schema: "a.b", Name: "t"}, Column: col("c", "")}), wantErrContains: "schema name holding a dot"},
		{name: "run Go code", m: up(change.CreateSchema{Name: "s"}, change.RunGo{}), wantErrContains: "upgrade change 2: run Go code"},
		{name: "nil create enum", m: up(change.CreateEnum{}), wantErrContains: "create enum: no enum definition"},
		{name: "nil drop enum", m: up(change.DropEnum{}), wantErrContains: "drop enum: no enum definition"},
		{name: "dotted enum schema", m: up(change.CreateEnum{Enum: &schema.Enum{Schema: "a.b", Name: "e"}}), wantErrContains: `enum "e" of schema "a.b"`},
		{name: "dotted enum schema in drop", m: up(change.DropEnum{Enum: &schema.Enum{Schema: "a.b", Name: "e"}}), wantErrContains: "schema name holding a dot"},
		{name: "dotted enum schema in alter", m: up(change.AlterEnum{Enum: schema.QualifiedName{Schema: "a.b", Name: "e"}}), wantErrContains: "schema name holding a dot"},
		{name: "nil add check", m: up(change.AddCheck{Table: pub("t")}), wantErrContains: "add check constraint to t: no constraint definition"},
		{name: "nil drop check", m: up(change.DropCheck{Table: pub("t")}), wantErrContains: "drop check constraint of t: no constraint definition"},
		{name: "nil check in table", m: up(change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", Checks: []*schema.Check{nil}}}), wantErrContains: "nil check constraint"},
		{name: "dotted schema in rename target", m: up(change.RenameTable{From: pub("t"), To: schema.QualifiedName{Schema: "a.b", Name: "t"}}), wantErrContains: "schema name holding a dot"},
		{name: "dotted schema in comment", m: up(change.SetTableComment{Table: schema.QualifiedName{Schema: "a.b", Name: "t"}}), wantErrContains: "schema name holding a dot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Emit(tc.m)
			if err == nil {
				t.Fatalf("Emit = %d files, want error containing %q", len(got), tc.wantErrContains)
			}
			if !strings.Contains(err.Error(), tc.wantErrContains) {
				t.Errorf("Emit error = %q, want it to contain %q", err, tc.wantErrContains)
			}
		})
	}
	if _, err := SetFile("1migrations"); err == nil {
		t.Errorf("SetFile(%q) succeeded, want error", "1migrations")
	}
}

// TestEmitSnippets checks the pieces of a file that the golden files show
// only in passing.
func TestEmitSnippets(t *testing.T) {
	tests := []struct {
		name string
		m    Migration
		want []string
		not  []string
	}{
		{
			name: "multi-line message",
			m:    Migration{Package: "m", Revision: "20260101000000", Message: "\n  First line  \r\n\nthird\tline\x00\ufeff\xff\n\n"},
			want: []string{"package m\n\nimport \"github.com/schemagen/schemagen/migrate\"\n\n//\tFirst line\n//\n// third\tline \ufffd\ufffd\nfunc init() {\n", `Message:  "\n  First line  \r\n\nthird\tline\x00\ufeff\xff\n\n",`},
		},
		{
			name: "blank message",
			m:    Migration{Package: "m", Revision: "20260101000000", Message: " \n\t"},
			want: []string{"\n\n// Revision 20260101000000\nfunc init() {\n"},
			not:  []string{"DownRevision"},
		},
		{
			name: "message is no directive",
			m:    Migration{Package: "m", Revision: "20260101000000", Message: "go:build ignore\n+build ignore\n  +build linux"},
			want: []string{"\n\n// go:build ignore\n// \\+build ignore\n// \\+build linux\nfunc init() {\n"},
			not:  []string{"//go:build", "// +build"},
		},
		{
			name: "transaction by default, empty bodies of a merge",
			m:    Migration{Package: "m", Revision: "20260101000000", DownRevision: []string{"20250101000000", "20250101000001"}},
			want: []string{"Upgrade: func(op *migrate.Op) {\n\t\t\t// nothing to do\n\t\t},", "Downgrade: func(op *migrate.Op) {\n\t\t\t// nothing to do\n\t\t},", `DownRevision: []string{"20250101000000", "20250101000001"},`},
			not:  []string{"NoTransaction", "DO NOT EDIT", "op.Execute", "op.Run"},
		},
		{
			name: "one-sided migration",
			m:    Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{change.CreateSchema{Name: "s"}}},
			want: []string{"Downgrade: func(op *migrate.Op) {\n\t\t\t// nothing to do\n\t\t},"},
			not:  []string{"op.Execute", "op.Run"},
		},
		{
			name: "template of an empty revision",
			m:    Migration{Package: "m", Revision: "20260101000000", DownRevision: []string{"20250101000000"}, Message: "backfill"},
			want: []string{
				"Upgrade: func(op *migrate.Op) {\n\t\t\t// Nothing yet.",
				"\t\t\t// op.ExecuteData(`UPDATE users SET nick = name WHERE nick IS NULL`)\n",
				"\t\t\t// op.ExecuteAs(`ALTER TABLE users ADD COLUMN nick text`, func(op *migrate.Op) {\n",
				"\t\t\t// op.Run(func(ctx context.Context, q migrate.Querier) error {\n",
				"Downgrade: func(op *migrate.Op) {\n\t\t\t// Nothing yet.",
			},
			not: []string{"nothing to do"},
		},
		{
			name: "execute literals",
			m: Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{
				change.Execute{SQL: "SELECT '\\n'"},
				change.Execute{SQL: "SELECT `x`"},
				change.Execute{SQL: "SELECT 1\r\n"},
				change.Execute{SQL: "SELECT '\x01'"},
				change.Execute{SQL: "SELECT '\xff'"},
				change.Execute{SQL: "SELECT 'ü'\n\tFROM t"},
			}},
			want: []string{
				"op.Execute(`SELECT '\\n'`)",
				"op.Execute(\"SELECT `x`\")",
				`op.Execute("SELECT 1\r\n")`,
				`op.Execute("SELECT '\x01'")`,
				`op.Execute("SELECT '\xff'")`,
				"op.Execute(`SELECT 'ü'\n\tFROM t`)",
			},
		},
		{
			name: "table arguments",
			m: Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{
				change.DropTable{Table: &schema.Table{Schema: "public", Name: "users"}},
				change.DropTable{Table: &schema.Table{Schema: "public", Name: "a.b"}},
				change.DropTable{Table: &schema.Table{Schema: "Billing", Name: "In.voices"}},
				change.DropColumn{Table: schema.QualifiedName{Schema: "public", Name: `q"uote`}, Column: col("c", "")},
			}},
			want: []string{
				`op.DropTable("users")`,
				`op.DropTable("public.a.b")`,
				`op.DropTable("Billing.In.voices")`,
				"op.DropColumn(`q\"uote`, \"c\")",
			},
		},
		{
			name: "zero-valued fields left out",
			m: Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{
				change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", Pos: "m.go:1:1"}},
				change.AddColumn{Table: pub("t"), Column: &schema.Column{Name: "c", Pos: "m.go:2:2"}},
				change.AddForeignKey{Table: pub("t"), ForeignKey: &schema.ForeignKey{Name: "f", RefSchema: "public", RefTable: "u"}},
				change.AddForeignKey{Table: pub("t"), ForeignKey: &schema.ForeignKey{Name: "g", RefSchema: "other", RefTable: "u"}},
			}},
			want: []string{
				`op.CreateTableNamed("t", migrate.Table{})`,
				`op.AddColumn("t", migrate.Column{Name: "c"})`,
				`op.AddForeignKey("t", migrate.ForeignKey{Name: "f", RefTable: "u"})`,
				`op.AddForeignKey("t", migrate.ForeignKey{Name: "g", RefSchema: "other", RefTable: "u"})`,
			},
			not: []string{"Pos", "Schema: \"public\""},
		},
		{
			name: "model hints and zero values of new fields left out",
			m: Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{
				change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", RenamedFrom: pub("old_t"), Checks: []*schema.Check{{Name: "c"}}, Columns: []*schema.Column{
					{Name: "a", Type: "int", RenamedFrom: "old_a", Pos: "m.go:3:3"},
				}}},
				change.AddColumn{Table: pub("t"), Column: &schema.Column{Name: "b", RenamedFrom: "old_b"}},
				change.CreateIndex{Table: pub("t"), Index: &schema.Index{Name: "i", Keys: []string{}, Include: []string{}}},
				change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "e", Values: []string{}, Pos: "m.go:1:1"}},
				change.AlterEnum{Enum: pub("e"), Columns: []change.EnumColumn{{Table: pub("t"), Column: "a"}}},
			}},
			want: []string{
				"Checks: []*migrate.Check{\n\t\t\t\t\t{Name: \"c\"},\n",
				"{Name: \"a\", Type: \"int\"},\n",
				`op.AddColumn("t", migrate.Column{Name: "b"})`,
				`op.CreateIndex("t", migrate.Index{Name: "i"})`,
				`op.CreateEnum(migrate.Enum{Name: "e"})`,
				"op.AlterEnum(\"e\", nil, nil,\n\t\t\t\tmigrate.EnumColumn{Table: \"t\", Column: \"a\"},\n\t\t\t)",
			},
			not: []string{"RenamedFrom", "old_", "Pos", "Comment", "Generated", "Expr", "Keys", "Include", "Method", "Where", "Default", "Schema"},
		},
		{
			name: "enum and comment arguments",
			m: Migration{Package: "m", Revision: "20260101000000", Upgrade: []change.Change{
				change.DropEnum{Enum: &schema.Enum{Schema: "public", Name: "status"}},
				change.DropEnum{Enum: &schema.Enum{Schema: "billing", Name: "status"}},
				change.DropEnum{Enum: &schema.Enum{Schema: "public", Name: "a.b"}},
				change.AlterEnum{Enum: billing("s"), From: []string{}, To: []string{"x"}},
				change.SetTableComment{Table: pub("t"), From: "old", To: "line 1\nline \"2\""},
				change.SetColumnComment{Table: billing("t"), Column: `c"d`, From: "old", To: `it's "quoted"`},
				change.SetColumnComment{Table: pub("t"), Column: "c", From: "old"},
			}},
			want: []string{
				`op.DropEnum("status")`,
				`op.DropEnum("billing.status")`,
				`op.DropEnum("public.a.b")`,
				`op.AlterEnum("billing.s", []string{}, []string{"x"})`,
				`op.SetTableComment("t", "line 1\nline \"2\"")`,
				"op.SetColumnComment(\"billing.t\", `c\"d`, `it's \"quoted\"`)",
				`op.SetColumnComment("t", "c", "")`,
			},
			not: []string{"old"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files, err := Emit(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 {
				t.Fatalf("Emit returned %d files, want 1", len(files))
			}
			for name, src := range files {
				checkSource(t, name, src)
				for _, w := range tc.want {
					if !bytes.Contains(src, []byte(w)) {
						t.Errorf("output lacks %q:\n%s", w, src)
					}
				}
				for _, n := range tc.not {
					if bytes.Contains(src, []byte(n)) {
						t.Errorf("output holds %q:\n%s", n, src)
					}
				}
			}
		})
	}
}

func TestTableArgRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		q    schema.QualifiedName
		want string
	}{
		{name: "public", q: pub("users"), want: `"users"`},
		{name: "other schema", q: billing("Invoices"), want: `"billing.Invoices"`},
		{name: "dotted public name", q: pub("a.b"), want: `"public.a.b"`},
		{name: "dotted name", q: billing("a.b.c"), want: `"billing.a.b.c"`},
		{name: "quotes and unicode", q: schema.QualifiedName{Schema: `s"; x`, Name: "tä ble"}, want: "`s\"; x.tä ble`"},
		{name: "quote and backquote", q: schema.QualifiedName{Schema: "public", Name: "a\"`b"}, want: `"a\"` + "`" + `b"`},
		{name: "quote and tab", q: schema.QualifiedName{Schema: "public", Name: "a\"\tb"}, want: `"a\"\tb"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := tableArg(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := string(a)
			if got != tc.want {
				t.Errorf("tableArg(%v) = %s, want %s", tc.q, got, tc.want)
			}
			s, err := strconv.Unquote(got)
			if err != nil {
				t.Fatal(err)
			}
			if back := schema.ParseQualifiedName(s); back != tc.q {
				t.Errorf("ParseQualifiedName(%s) = %#v, want %#v", got, back, tc.q)
			}
		})
	}
}

func TestGoStr(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want string
	}{
		{name: "plain", s: "users", want: `"users"`},
		{name: "empty", s: "", want: `""`},
		{name: "double quote", s: `"first" || ' ' || "last"`, want: "`\"first\" || ' ' || \"last\"`"},
		{name: "quote and backquote", s: "a\"`b", want: `"a\"` + "`" + `b"`},
		{name: "quote and newline", s: "a\"\nb", want: `"a\"\nb"`},
		{name: "quote and tab", s: "a\"\tb", want: `"a\"\tb"`},
		{name: "quote and carriage return", s: "a\"\r", want: `"a\"\r"`},
		{name: "quote and invalid UTF-8", s: "a\"\xff", want: `"a\"\xff"`},
		{name: "quote and byte order mark", s: "a\"\ufeff", want: `"a\"\ufeff"`},
		{name: "quote and unicode", s: `"naïve"`, want: "`\"naïve\"`"},
		{name: "backslash only", s: `a\b`, want: `"a\\b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := goStr(tc.s)
			if got != tc.want {
				t.Errorf("goStr(%q) = %s, want %s", tc.s, got, tc.want)
			}
			back, err := strconv.Unquote(got)
			if err != nil {
				t.Fatalf("strconv.Unquote(%s): %v", got, err)
			}
			if back != tc.s {
				t.Errorf("goStr(%q) reads back as %q", tc.s, back)
			}
		})
	}
}

func TestFormatSourceError(t *testing.T) {
	_, err := formatSource("x.go", []byte("package x\nfunc {"))
	if err == nil {
		t.Fatal("formatSource of broken source succeeded")
	}
	if !strings.Contains(err.Error(), "format x.go") || !strings.Contains(err.Error(), "package x\nfunc {") {
		t.Errorf("error %q lacks the file name or the raw source", err)
	}
}

func TestSetFile(t *testing.T) {
	files, err := SetFile("db")
	if err != nil {
		t.Fatal(err)
	}
	src, ok := files["migrations.go"]
	if len(files) != 1 || !ok {
		t.Fatalf("SetFile returned %v, want only migrations.go", slices.Collect(maps.Keys(files)))
	}
	checkSource(t, "migrations.go", src)
	f, err := parser.ParseFile(token.NewFileSet(), "migrations.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name.Name != "db" || f.Doc == nil || !strings.HasPrefix(f.Doc.Text(), "Package db ") {
		t.Errorf("package clause or doc comment wrong:\n%s", src)
	}
	if !bytes.Contains(src, []byte("\nvar Set = &migrate.Set{}\n")) {
		t.Errorf("no Set declaration:\n%s", src)
	}
}

// TestLineWidth checks that no line of the golden files passes lineWidth
// columns (a tab counting tabWidth) unless nothing could shorten it: a
// code line that holds one string literal and no other element (no comma
// but a trailing one), a comment line of one word or code span, or an
// indented line of a message, which a doc comment reads as code.
func TestLineWidth(t *testing.T) {
	for name, src := range emitAll(t) {
		for i, line := range strings.Split(string(src), "\n") {
			indent := len(line) - len(strings.TrimLeft(line, "\t"))
			text := line[indent:]
			if indent*tabWidth+columns(text) <= lineWidth {
				continue
			}
			if rest, ok := strings.CutPrefix(text, "//"); ok {
				if strings.HasPrefix(rest, "\t") || len(commentWords(rest)) == 1 {
					continue
				}
				t.Errorf("%s:%d: comment line of %d columns, want at most %d:\n%s", name, i+1, indent*tabWidth+columns(text), lineWidth, line)
				continue
			}
			var s scanner.Scanner
			fset := token.NewFileSet()
			s.Init(fset.AddFile(name, -1, len(text)), []byte(text), nil, 0)
			commas, strs := 0, 0
			var last token.Token
			for {
				_, tok, _ := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok == token.SEMICOLON {
					continue // inserted at the end of the line
				}
				switch tok {
				case token.COMMA:
					commas++
				case token.STRING:
					strs++
				}
				last = tok
			}
			if last == token.COMMA {
				commas--
			}
			if commas == 0 && strs == 1 {
				continue
			}
			t.Errorf("%s:%d: line of %d columns, want at most %d:\n%s", name, i+1, indent*tabWidth+columns(text), lineWidth, line)
		}
	}
}

// TestMigrationDoc checks that the message documents the migration's init
// function, not the package: go doc of a migrations package shows the
// Set file's package comment alone, whatever the messages.
func TestMigrationDoc(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for name, src := range emitAll(t) {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		if name == SetFileName {
			continue
		}
		if f.Doc != nil {
			t.Errorf("%s: the package clause has a doc comment: %q", name, f.Doc.Text())
		}
		var initDoc string
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "init" && fn.Doc != nil {
				initDoc = fn.Doc.Text()
			}
		}
		if initDoc == "" {
			t.Errorf("%s: init has no doc comment", name)
		}
	}
	slices.SortFunc(files, func(a, b *ast.File) int { return strings.Compare(fset.File(a.Pos()).Name(), fset.File(b.Pos()).Name()) })
	pkg, err := doc.NewFromFiles(fset, files, "example.com/golden/migrations")
	if err != nil {
		t.Fatal(err)
	}
	set, _ := SetFile("migrations")
	f, err := parser.ParseFile(token.NewFileSet(), SetFileName, set[SetFileName], parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.Doc.Text(); pkg.Doc != want {
		t.Errorf("package doc = %q, want the Set file's %q", pkg.Doc, want)
	}
}

// TestTemplateExamples checks that the examples of the template that an
// empty revision gets compile once uncommented (with the import of
// "context" they ask for), in a module of their own.
func TestTemplateExamples(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	files, err := Emit(Migration{Package: "migrations", Revision: "20260101000000", Message: "backfill"})
	if err != nil {
		t.Fatal(err)
	}
	var name string
	var src []byte
	for name, src = range files {
	}
	// Uncomment every line after a blank comment line in the bodies.
	var out []string
	examples := false
	for _, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimLeft(line, "\t")
		switch {
		case trimmed == "//":
			examples = true
			continue
		case !strings.HasPrefix(trimmed, "//"):
			examples = false
		case examples:
			line = strings.Replace(line, "// ", "", 1)
		}
		out = append(out, line)
	}
	code := strings.Join(out, "\n")
	for _, call := range []string{"\top.ExecuteAs(", "\top.ExecuteData(", "\top.Run(func(ctx context.Context, q migrate.Querier) error {"} {
		if strings.Count(code, call) == 0 {
			t.Errorf("uncommented template lacks %s:\n%s", call, code)
		}
	}
	code = strings.Replace(code, `import "github.com/schemagen/schemagen/migrate"`, "import (\n\t\"context\"\n\n\t\"github.com/schemagen/schemagen/migrate\"\n)", 1)

	dir := t.TempDir()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	set, err := SetFile("migrations")
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range map[string]string{
		"go.mod":                   "module example.com/tmpl\n\ngo 1.26.0\n\nrequire github.com/schemagen/schemagen v0.0.0\n\nreplace github.com/schemagen/schemagen => " + strconv.Quote(root) + "\n",
		"migrations/" + name:       code,
		"migrations/migrations.go": string(set[SetFileName]),
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, path), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCmd, "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet of the uncommented template: %v\n%s\n%s", err, out, code)
	}
}

// TestLayoutIsGofmts checks that gofmt keeps the lines of the emitter's
// layout, changing only the spaces inside them (the alignment of
// values): the widths that the layout measures are the widths of the
// file.
func TestLayoutIsGofmts(t *testing.T) {
	words := func(src []byte) []string {
		var lines []string
		for _, l := range strings.Split(string(src), "\n") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
		return lines
	}
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			raw, err := render(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			formatted, err := format.Source(raw)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(words(raw), words(formatted)); diff != "" {
				t.Errorf("gofmt moved lines of the layout (-layout +gofmt):\n%s", diff)
			}
		})
	}
}
