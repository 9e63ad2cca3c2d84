package differ_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestEnumRebuildDottedPublicTable is the regression test of the dotted-name
// bug (issue 11): a public table named "v1.legacy" holding a column of an
// enum that loses a value. The rebuild must convert "public"."v1.legacy",
// not "v1"."legacy", whether the change comes from the differ or from the
// migration file the emitter writes for it, recorded by migrate.Op and
// replayed.
func TestEnumRebuildDottedPublicTable(t *testing.T) {
	t.Parallel()
	legacy := func(def string) *schema.Table {
		return &schema.Table{Schema: schema.DefaultSchema, Name: "v1.legacy", Columns: []*schema.Column{
			{Name: "id", Type: "bigint"},
			{Name: "state", Type: "mood", Default: def},
		}}
	}
	// The rebuild gives the column its new default itself: it names the
	// table.
	from := &schema.Schema{Enums: []*schema.Enum{enum("mood", "a", "b")}, Tables: []*schema.Table{legacy("'b'::mood")}}
	to := &schema.Schema{Enums: []*schema.Enum{enum("mood", "a")}, Tables: []*schema.Table{legacy("'a'::mood")}}

	const (
		wantTable = `pg_catalog.to_regclass('"public"."v1.legacy"')`
		wantAlter = `EXECUTE 'ALTER TABLE "public"."v1.legacy" ALTER COLUMN "state" SET DEFAULT (''a''::mood)';`
	)
	checkSQL := func(t *testing.T, what string, cs []change.Change) {
		t.Helper()
		var out []string
		for _, c := range cs {
			stmts, err := change.SQL(c)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, stmts...)
		}
		if len(out) != 1 || !strings.HasPrefix(out[0], "DO ") {
			t.Fatalf("SQL of %s: %d statements, want one DO block:\n%s", what, len(out), strings.Join(out, "\n"))
		}
		for _, want := range []string{wantTable, wantAlter} {
			if !strings.Contains(out[0], want) {
				t.Errorf("SQL of %s lacks %s:\n%s", what, want, out[0])
			}
		}
		if strings.Contains(out[0], `"v1"."legacy"`) {
			t.Errorf("SQL of %s names table legacy of schema v1:\n%s", what, out[0])
		}
	}

	up, err := differ.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	checkSQL(t, "the differ's changes", up)

	// The migration file the emitter writes names the table so that
	// op.AlterEnumValues parses it back: "public.v1.legacy".
	files, err := emitter.Emit(emitter.Migration{Package: "migrations", Revision: "20260101000000", Message: "drop b", Upgrade: up})
	if err != nil {
		t.Fatal(err)
	}
	wantArg := regexp.MustCompile(`migrate\.EnumColumn\{\s*Table:\s*"public\.v1\.legacy",`)
	for name, src := range files {
		if !wantArg.Match(src) {
			t.Errorf("%s does not name the table \"public.v1.legacy\" in its migrate.EnumColumn:\n%s", name, src)
		}
	}

	// That file, recorded and replayed; and the same in the form of
	// files written before deltas.
	for name, fn := range map[string]func(op *migrate.Op){
		"delta": func(op *migrate.Op) {
			op.AlterEnumValues("mood", migrate.EnumDelta{Drop: []migrate.EnumValue{{Value: "b"}}},
				migrate.EnumColumn{Table: "public.v1.legacy", Column: "state", Default: "'a'::mood", OldDefault: "'b'::mood"},
			)
		},
		"from and to": func(op *migrate.Op) {
			op.AlterEnum("mood", []string{"a", "b"}, []string{"a"},
				migrate.EnumColumn{Table: "public.v1.legacy", Column: "state", Default: "'a'::mood", OldDefault: "'b'::mood"},
			)
		},
	} {
		recorded := migrate.Record(fn)
		checkSQL(t, "the recorded migration ("+name+")", recorded)
		replayed, err := plan.Replay(from, recorded)
		if err != nil {
			t.Fatal(err)
		}
		if e, _ := replayed.Enum(schema.QualifiedName{Schema: "public", Name: "mood"}); !slices.Equal(e.Values, []string{"a"}) {
			t.Errorf("after replaying the recorded migration (%s), the enum holds %v", name, e.Values)
		}
	}
}
