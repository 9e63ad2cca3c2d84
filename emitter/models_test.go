package emitter_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// modelsDir holds the golden model packages, one folder per case, in a
// module of their own (go.mod beside them) that parser.Load reads.
const modelsDir = "testdata/models"

// modelCase is a schema as package catalog spells it, and the folder of
// its golden models.
type modelCase struct {
	name string
	s    *schema.Schema
}

func col(name, typ string, opts ...func(*schema.Column)) *schema.Column {
	c := &schema.Column{Name: name, Type: typ}
	for _, o := range opts {
		o(c)
	}
	return c
}

func null(c *schema.Column) { c.Nullable = true }

func def(expr string) func(*schema.Column) { return func(c *schema.Column) { c.Default = expr } }

func comment(text string) func(*schema.Column) { return func(c *schema.Column) { c.Comment = text } }

func modelCases() []modelCase {
	return []modelCase{
		{"shop", &schema.Schema{
			Schemas:        []string{"billing"},
			SchemaComments: map[string]string{"billing": "Money matters."},
			Enums: []*schema.Enum{
				{Schema: "public", Name: "mood", Values: []string{"happy", "in-progress", "1st"}},
				{Schema: "billing", Name: "status", Values: []string{"draft", "paid"}},
			},
			Tables: []*schema.Table{
				{Schema: "public", Name: "users", Comment: "People who log in.\nSecond line.",
					Columns: []*schema.Column{
						col("id", "bigint", func(c *schema.Column) { c.Identity = true }),
						col("email", "character varying(320)", comment("Where we write, it's unique.")),
						col("api_url", "text", null),
						col("mood", "mood", null),
						col("moods", "mood[]", def("'{}'::mood[]")),
						col("tags", "text[]", null),
						col("settings", "jsonb", def("'{}'::jsonb")),
						col("created_at", "timestamp with time zone", def("now()")),
						col("born", "date", null),
						col("price", "numeric(12,2)", null),
						col("photo", "bytea", null),
						col("name", "text", func(c *schema.Column) { c.Collation = `"C"` }),
						col("lower_email", "text", null, func(c *schema.Column) { c.Generated = "lower((email)::text)" }),
					},
					PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
					Uniques:    []*schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}},
					Indexes: []*schema.Index{
						{Name: "users_lower_email_idx", Keys: []string{"lower((email)::text)"}},
						{Name: "users_active_idx", Keys: []string{"created_at DESC"}, Where: "(api_url IS NOT NULL)"},
						{Name: "users_tags_idx", Columns: []string{"tags"}, Method: "gin"},
					},
				},
				{Schema: "billing", Name: "invoices",
					Columns: []*schema.Column{
						col("id", "integer", func(c *schema.Column) { c.Sequence = "invoices_id_seq" }),
						col("number", "character varying(32)"),
						col("user_id", "bigint"),
						col("total", "numeric(12,2)", def("0")),
						col("status", "billing.status", def("'draft'::billing.status")),
					},
					PrimaryKey: &schema.PrimaryKey{Name: "invoices_pkey", Columns: []string{"id"}},
					Uniques:    []*schema.Unique{{Name: "invoices_number_user_id_key", Columns: []string{"number", "user_id"}}},
					ForeignKeys: []*schema.ForeignKey{{Name: "invoices_user_id_fkey", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users",
						RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "SET NULL", Deferrable: true}},
					Checks: []*schema.Check{{Name: "invoices_total_check", Expr: "(total >= (0)::numeric)"}},
				},
			},
			Objects: []*schema.Object{
				{Kind: schema.KindView, Schema: "billing", Name: "open_invoices",
					Definition: "CREATE VIEW \"billing\".\"open_invoices\" AS\n SELECT id,\n    number\n   FROM billing.invoices",
					DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "billing", Name: "invoices"}}},
				{Kind: schema.KindFunction, Schema: "public", Name: "add(a integer, b integer)",
					Definition: "CREATE OR REPLACE FUNCTION public.add(a integer, b integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT a + b $function$\n"},
			},
		}},
		{"hostile", &schema.Schema{
			Schemas: []string{"audit"},
			Enums: []*schema.Enum{
				{Schema: "public", Name: "kind", Values: []string{"in-progress", "1st", "a b", "a_b", "ünï", "-"}},
			},
			Tables: []*schema.Table{
				{Schema: "public", Name: "type", Comment: "ends */ here, has `back` quotes\nand a second line",
					Columns: []*schema.Column{
						col("func", "integer"),
						col("range", "text", null, comment("a */ and ` and\nnewline, with commas, 'quotes' and \\backslash")),
						col("user_id", "integer", null),
						col("userid", "integer", null),
						col("a_b", "text", null),
						col("ab", "text", null),
						col("1st", "text", null),
						col("first name", "text", null),
						col("ünïcode", "text", null),
						col("Mixed", "kind", null),
					},
					PrimaryKey: &schema.PrimaryKey{Name: "type_pkey", Columns: []string{"func"}},
				},
				{Schema: "public", Name: "users", Columns: []*schema.Column{col("id", "integer")},
					PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}}},
				{Schema: "audit", Name: "users", Columns: []*schema.Column{col("id", "integer"), col("user", "integer", null)},
					PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
					ForeignKeys: []*schema.ForeignKey{{Name: "users_user_fkey", Columns: []string{"user"}, RefSchema: "public", RefTable: "users",
						RefColumns: []string{"id"}}}},
				{Schema: "public", Name: "Users", Columns: []*schema.Column{col("id", "integer")},
					PrimaryKey: &schema.PrimaryKey{Name: "Users_pkey", Columns: []string{"id"}}},
				{Schema: "public", Name: "9lives", Columns: []*schema.Column{col("id", "integer")}},
				{Schema: "public", Name: "nothing"},
				{Schema: "public", Name: "dash", Columns: []*schema.Column{col("a-b", "text"), col("a:b", "text"), col("x=y", "text")}},
			},
		}},
		{"attrs", &schema.Schema{
			Tables: []*schema.Table{
				{Schema: "public", Name: "events", PartitionBy: "RANGE (created_at)", Unlogged: false,
					Columns: []*schema.Column{col("id", "bigint"), col("created_at", "date"), col("region", "text")}},
				{Schema: "public", Name: "events_2024", PartitionBy: "LIST (region)",
					PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}},
				{Schema: "public", Name: "events_2024_eu",
					PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events_2024"}, Bound: "FOR VALUES IN ('eu')"}},
				{Schema: "public", Name: "events_default",
					PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "DEFAULT"}},
				{Schema: "public", Name: "vehicles", Columns: []*schema.Column{col("id", "integer", null), col("wheels", "integer", def("4"))},
					Checks: []*schema.Check{{Name: "vehicles_wheels_check", Expr: "(wheels >= 0)", NoInherit: true}}},
				{Schema: "public", Name: "cars", Columns: []*schema.Column{col("doors", "integer")},
					Inherits: []schema.QualifiedName{{Schema: "public", Name: "vehicles"}}},
				{Schema: "public", Name: "scratch", Unlogged: true, Options: []string{"autovacuum_enabled=false", "fillfactor=70"}, RowSecurity: true, ForceRowSecurity: true,
					Columns: []*schema.Column{
						col("id", "integer", func(c *schema.Column) {
							c.Identity, c.IdentityAlways, c.SequenceOptions = true, true, "INCREMENT 2 START 100"
						}),
						col("code", "text"),
						col("qty", "integer", null),
						col("room", "integer"),
						col("during", "tsrange"),
					},
					PrimaryKey: &schema.PrimaryKey{Name: "scratch_pkey", Columns: []string{"id"}},
					Uniques: []*schema.Unique{{Name: "scratch_code_key", Columns: []string{"code"}, NullsNotDistinct: true, Include: []string{"qty"},
						Options: []string{"fillfactor=80"}, Deferrable: true, InitiallyDeferred: true}},
					Exclusions: []*schema.Exclusion{{Name: "scratch_no_overlap", Definition: "USING gist (room WITH =, during WITH &&)"}},
				},
			},
		}},
	}
}

// TestModelsGolden renders every case, compares the files with the
// golden ones (go test ./emitter -update rewrites them) and reads the
// golden package back with package parser: it must give the case's
// schema.
func TestModelsGolden(t *testing.T) {
	for _, tc := range modelCases() {
		t.Run(tc.name, func(t *testing.T) {
			files, err := emitter.Models(tc.s, emitter.ModelOptions{Package: "models"})
			if err != nil {
				t.Fatal(err)
			}
			again, err := emitter.Models(tc.s, emitter.ModelOptions{Package: "models"})
			if err != nil || !cmp.Equal(files, again) {
				t.Errorf("a second run gives other files (err %v)", err)
			}
			dir := filepath.Join(modelsDir, tc.name)
			if *emitter.Update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, src := range files {
					if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("%v (run go test ./emitter -update)", err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
				want, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if got, ok := files[e.Name()]; !ok {
					t.Errorf("%s: golden file is no output (run go test ./emitter -update)", e.Name())
				} else if !bytes.Equal(got, want) && strings.HasPrefix(runtime.Version(), "go1.26") {
					t.Errorf("%s differs from the golden file (-want +got):\n%s", e.Name(), cmp.Diff(string(want), string(got)))
				}
			}
			for name := range files {
				if !slices.Contains(names, name) {
					t.Errorf("%s: output has no golden file (run go test ./emitter -update)", name)
				}
			}
			if testing.Short() {
				return
			}
			got, err := parser.Load(context.Background(), parser.Config{Dir: modelsDir}, "./"+tc.name)
			if err != nil {
				t.Fatalf("the golden models do not load: %v", err)
			}
			if diff := cmp.Diff(comparable(tc.s), comparable(got)); diff != "" {
				t.Errorf("the models read back to another schema (-want +got):\n%s", diff)
			}
		})
	}
}

// comparable returns s normalized, with what the parser cannot read
// back as the catalog spells it left out: the dependencies of objects
// (the parser finds its own) and their final white space.
func comparable(s *schema.Schema) *schema.Schema {
	out := s.Canonical().Normalize()
	for _, o := range out.Objects {
		o.DependsOn, o.Columns = nil, nil
		o.Definition = strings.TrimSpace(o.Definition)
	}
	return out
}

// TestModelsBuild compiles the golden model packages and vets them, in
// one go vet (which type-checks them as the compiler does): a user's CI
// that runs go vet ./... passes them.
func TestModelsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet; runs without -short")
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = modelsDir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
}

// TestModelsUnexpressible: what the models cannot say is refused, each
// thing named, never left out.
func TestModelsUnexpressible(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     *schema.Schema
		wants []string
	}{
		{"names", &schema.Schema{Tables: []*schema.Table{
			{Schema: "public", Name: "my table", Columns: []*schema.Column{col(`a"b`, "text"), col("a,b", "text"), col(" pad", "text")}},
			{Schema: "public", Name: "a.b", Columns: []*schema.Column{col("id", "integer")}},
		}}, []string{`table my table: the name "my table"`, `column "a\"b"`, `column "a,b"`, `column " pad"`, `table a.b: the name "a.b"`}},
		{"keys", &schema.Schema{Tables: []*schema.Table{
			{Schema: "public", Name: "p", Columns: []*schema.Column{col("a", "integer"), col("b", "integer")},
				PrimaryKey: &schema.PrimaryKey{Name: "p_ab", Columns: []string{"a", "b"}},
				Uniques:    []*schema.Unique{{Name: "p_ba_key", Columns: []string{"b", "a"}}}},
			{Schema: "public", Name: "q", Columns: []*schema.Column{col("a", "integer"), col("b", "integer")},
				PrimaryKey: &schema.PrimaryKey{Name: "q_pkey", Columns: []string{"b", "a"}},
				ForeignKeys: []*schema.ForeignKey{
					{Name: "q_fk", Columns: []string{"a"}, RefSchema: "public", RefTable: "p", RefColumns: []string{"a"}},
					{Name: "q_a_b_fkey", Columns: []string{"a", "b"}, RefSchema: "public", RefTable: "p", RefColumns: []string{"a", "b"}},
					{Name: "q_b_fkey", Columns: []string{"b"}, RefSchema: "public", RefTable: "p", RefColumns: []string{"b"}, NotValid: true},
				},
				Checks:  []*schema.Check{{Name: "q_check", Expr: "(a > 0)", NotValid: true}},
				Indexes: []*schema.Index{{Name: "q_bad", Columns: []string{"a"}, Invalid: true}, {Name: "q_bloom", Columns: []string{"a"}, Method: "bloom"}}},
		}}, []string{"primary key p_ab", "unique constraint p_ba_key", "primary key q_pkey: its columns (b, a)", "foreign key q_fk", "foreign key q_a_b_fkey: it spans",
			"foreign key q_b_fkey is NOT VALID", "check constraint q_check is NOT VALID", "index q_bad: the index is INVALID", "index q_bloom: access method bloom"}},
		{"outside", &schema.Schema{Tables: []*schema.Table{
			{Schema: "public", Name: "kept", Columns: []*schema.Column{col("id", "integer"), col("legacy_id", "integer")},
				ForeignKeys: []*schema.ForeignKey{{Name: "kept_legacy_id_fkey", Columns: []string{"legacy_id"}, RefSchema: "public", RefTable: "legacy", RefColumns: []string{"id"}}},
				Inherits:    []schema.QualifiedName{{Schema: "public", Name: "base"}}},
			{Schema: "public", Name: "part", PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "gone"}, Bound: "DEFAULT"}},
		}}, []string{"foreign key kept_legacy_id_fkey references table legacy", "table kept inherits from base", "partition part: its parent gone"}},
		{"enums", &schema.Schema{Enums: []*schema.Enum{{Schema: "public", Name: "Mood", Values: []string{"a"}}, {Schema: "public", Name: "none"}, {Schema: "public", Name: "blank", Values: []string{"a", ""}}}},
			[]string{"enum Mood: the models name an enum unquoted", "enum none has no values", "enum blank: the empty value ''"}},
		{"comments", &schema.Schema{Schemas: []string{"s", "t"}, SchemaComments: map[string]string{"s": "two\nlines"},
			Tables: []*schema.Table{{Schema: "public", Name: "c", Comment: " padded", Columns: []*schema.Column{col("id", "integer")}},
				{Schema: "public", Name: "d", Comment: "a //b"}, {Schema: "public", Name: "e", Comment: "\n"}}},
			[]string{`schema s: its comment "two\nlines"`, "schema t holds nothing imported", `table c: its comment: the line " padded"`,
				`table d: its comment: the line "a //b" holds " //"`, `table e: its comment "\n" is white space alone`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := emitter.Models(tc.s, emitter.ModelOptions{})
			var ue *emitter.UnexpressibleError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want an UnexpressibleError", err)
			}
			for _, want := range tc.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

// trickyNames are names that Go, the db tag and the directives make
// hard.
var trickyNames = []string{"a b", "a'b", `a"b`, "a,b", "a(b", "a)b", "a$b", "a--b", "a/*b", "a//b", "a:b", "a;b", `a\b`,
	"ü", "日本", "A", "Aa", "1", "1a", "_", "__", "select", "type", "func", "a.b", " a", "a ", "-", "a\tb", "a`b", "a=b",
	"a[b", "{a}", "a%b", "a#b", "a@b", "a!b", "a?b", "a*b", "a+b", "a<b>", "ID", "id", "Id", "iD"}

// TestModelsTrickyNames gives every tricky name to a column, a table, an
// enum value and a comment: Models refuses it, or the models read back
// to the schema exactly.
func TestModelsTrickyNames(t *testing.T) {
	if testing.Short() {
		t.Skip("loads models with package parser; runs without -short")
	}
	cols := &schema.Table{Schema: "public", Name: "cols"}
	s := &schema.Schema{Tables: []*schema.Table{cols}, Enums: []*schema.Enum{{Schema: "public", Name: "tricky"}}}
	keep := func(build func(*schema.Schema)) bool {
		one := &schema.Schema{}
		build(one)
		_, err := emitter.Models(one, emitter.ModelOptions{})
		var ue *emitter.UnexpressibleError
		if err != nil && !errors.As(err, &ue) {
			t.Fatal(err)
		}
		if err == nil {
			build(s)
		}
		return err == nil
	}
	kept := 0
	for i, name := range trickyNames {
		if keep(func(s *schema.Schema) {
			if len(s.Tables) == 0 {
				s.Tables = []*schema.Table{{Schema: "public", Name: "cols"}}
			}
			s.Tables[0].Columns = append(s.Tables[0].Columns, col(name, "text", null, comment(name)))
		}) {
			kept++
		}
		if keep(func(s *schema.Schema) {
			s.Tables = append(s.Tables, &schema.Table{Schema: "public", Name: "t_" + name, Comment: "c" + name, Columns: []*schema.Column{col("id", "integer")}})
		}) {
			kept++
		}
		if keep(func(s *schema.Schema) {
			if len(s.Enums) == 0 {
				s.Enums = []*schema.Enum{{Schema: "public", Name: "tricky"}}
			}
			s.Enums[0].Values = append(s.Enums[0].Values, name+strings.Repeat(" ", i%2))
		}) {
			kept++
		}
	}
	t.Logf("%d of %d kept", kept, 3*len(trickyNames))
	if kept < len(trickyNames) {
		t.Errorf("only %d of %d tricky names kept: the refusals are too broad", kept, 3*len(trickyNames))
	}
	files, err := emitter.Models(s, emitter.ModelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files["go.mod"] = []byte("module example.com/tricky\n\ngo 1.26.0\n")
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := parser.Load(context.Background(), parser.Config{Dir: dir}, ".")
	if err != nil {
		t.Fatalf("the models do not load: %v\n%s\n%s", err, files["public_tables.go"], files["enums.go"])
	}
	if diff := cmp.Diff(comparable(s), comparable(got)); diff != "" {
		t.Errorf("the models read back to another schema (-want +got):\n%s", diff)
	}
}
