package differ_test

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	legacy := func() *schema.Table {
		return &schema.Table{Schema: schema.DefaultSchema, Name: "v1.legacy", Columns: []*schema.Column{
			{Name: "id", Type: "bigint"},
			{Name: "state", Type: "mood", Default: "'a'::mood"},
		}}
	}
	from := &schema.Schema{Enums: []*schema.Enum{enum("mood", "a", "b")}, Tables: []*schema.Table{legacy()}}
	to := &schema.Schema{Enums: []*schema.Enum{enum("mood", "a")}, Tables: []*schema.Table{legacy()}}

	const wantAlter = `ALTER TABLE "public"."v1.legacy" ALTER COLUMN "state" DROP DEFAULT, ` +
		`ALTER COLUMN "state" TYPE "public"."mood" USING "state"::text::"public"."mood", ` +
		`ALTER COLUMN "state" SET DEFAULT ('a'::mood)`
	wantSQL := []string{
		`ALTER TYPE "public"."mood" RENAME TO "mood__old"`,
		`CREATE TYPE "public"."mood" AS ENUM ('a')`,
		wantAlter,
		`DROP TYPE "public"."mood__old"`,
	}
	sqlOf := func(t *testing.T, cs []change.Change) []string {
		t.Helper()
		var out []string
		for _, c := range cs {
			stmts, err := change.SQL(c)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, stmts...)
		}
		return out
	}

	up, err := differ.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantSQL, sqlOf(t, up)); diff != "" {
		t.Errorf("SQL of the differ's changes (-want +got):\n%s", diff)
	}

	// The migration file the emitter writes names the table so that
	// op.AlterEnum parses it back: "public.v1.legacy".
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

	// That file, recorded and replayed.
	recorded := migrate.Record(func(op *migrate.Op) {
		op.AlterEnum("mood", []string{"a", "b"}, []string{"a"},
			migrate.EnumColumn{Table: "public.v1.legacy", Column: "state", Default: "'a'::mood", OldDefault: "'a'::mood"},
		)
	})
	if diff := cmp.Diff(wantSQL, sqlOf(t, recorded)); diff != "" {
		t.Errorf("SQL of the recorded migration (-want +got):\n%s", diff)
	}
	replayed, err := plan.Replay(from, recorded)
	if err != nil {
		t.Fatal(err)
	}
	if rest, err := differ.Diff(replayed, to); err != nil || len(rest) != 0 {
		t.Errorf("after replaying the recorded migration, Diff to the target = %v, %v; want nothing", rest, err)
	}
}
