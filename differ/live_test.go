package differ_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// livePlan is the plan of the live autogenerate (`revision --autogenerate`,
// `check`): the database read by catalog, respelled with the model as
// the server spells it, diffed with the model.
func livePlan(t *testing.T, pg *sql.DB, dbURL string, model *schema.Schema) []change.Change {
	t.Helper()
	ctx := context.Background()
	live, err := catalog.Inspect(ctx, pg, catalog.Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	canon, err := shadow.Canonicalize(ctx, dbURL, model)
	if err != nil {
		t.Fatalf("Canonicalize: %v", err)
	}
	cs, err := differ.Diff(differ.Respell(live, canon, model), model)
	if err != nil {
		t.Fatalf("live Diff: %v", err)
	}
	return cs
}

// offlinePlan is the plan of the offline autogenerate (`revision
// --autogenerate --offline`, `check --offline`): the migrations replayed
// in memory, diffed with the model.
func offlinePlan(t *testing.T, migrations [][]change.Change, model *schema.Schema) []change.Change {
	t.Helper()
	s := &schema.Schema{}
	for _, m := range migrations {
		var err error
		if s, err = plan.Replay(s, m); err != nil {
			t.Fatalf("Replay: %v", err)
		}
	}
	return diff(t, s, model)
}

func describeAll(cs []change.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("\n\t" + change.Describe(c))
	}
	return b.String()
}

// TestLiveRenamesMatchOffline (issue 12, item 4): a rename keeps every
// constraint, index and generated column whose definition it leaves
// unchanged, in the live plan as in the offline one. PostgreSQL rewrites
// a check's text when a column it reads is renamed, and prints it in its
// own spelling ('^#'::text for '^#'); neither may turn a rename into a
// drop and an add, and the two plans must be the same changes.
func TestLiveRenamesMatchOffline(t *testing.T) {
	t.Parallel()
	const hex = `color ~ '^#[0-9a-f]{6}$'`
	widgets := func() *tb {
		return tbl("widgets").col("id", "bigint").col("color", "text").col("name", "text").pk("id").
			check("widgets_color_check", hex).
			check("widgets_name_check", "length(name) < 100 AND name <> 'widgets'").
			index(&schema.Index{Name: "widgets_color_lower_idx", Keys: []string{"lower(color)"}, Where: "color <> ''"})
	}
	tests := []struct {
		name   string
		v1, v2 *schema.Schema
		want   []change.Change
	}{
		{
			name: "table renamed: its text checks and expression index are renamed",
			v1:   db(widgets()),
			v2: db(tbl("gadgets").col("id", "bigint").col("color", "text").col("name", "text").pk("id").
				check("gadgets_color_check", hex).
				check("gadgets_name_check", "length(name) < 100 AND name <> 'widgets'").
				index(&schema.Index{Name: "gadgets_color_lower_idx", Keys: []string{"lower(color)"}, Where: "color <> ''"}).
				renamedFrom("widgets")),
			want: []change.Change{
				change.RenameTable{From: qn("widgets"), To: qn("gadgets")},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_pkey", To: "gadgets_pkey"},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_color_check", To: "gadgets_color_check"},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_name_check", To: "gadgets_name_check"},
				change.RenameIndex{Table: qn("gadgets"), From: "widgets_color_lower_idx", To: "gadgets_color_lower_idx"},
			},
		},
		{
			name: "column renamed: the checks, index and generated column that read it follow",
			v1: db(widgets().check("positive_id", "id > 0 AND color IS NOT NULL").
				generated("color_len", "integer", "length(color)").
				generated("shout", "text", "upper(color) || '!'")),
			v2: db(tbl("widgets").col("id", "bigint").renamedCol("colour", "text", "color").col("name", "text").pk("id").
				check("widgets_colour_check", `colour ~ '^#[0-9a-f]{6}$'`).
				check("widgets_name_check", "length(name) < 100 AND name <> 'widgets'").
				index(&schema.Index{Name: "widgets_color_lower_idx", Keys: []string{"lower(colour)"}, Where: "colour <> ''"}).
				check("positive_id", "id > 0 AND colour IS NOT NULL").
				generated("color_len", "integer", "length(colour)").
				generated("shout", "text", "upper(colour) || '!'")),
			want: []change.Change{
				change.RenameColumn{Table: qn("widgets"), From: "color", To: "colour"},
				change.RenameConstraint{Table: qn("widgets"), From: "widgets_color_check", To: "widgets_colour_check"},
			},
		},
		{
			name: "table and column renamed at once",
			v1:   db(widgets()),
			v2: db(tbl("gadgets").col("id", "bigint").renamedCol("Colour", "text", "color").col("name", "text").pk("id").
				check("gadgets_colour_check", `"Colour" ~ '^#[0-9a-f]{6}$'`).
				check("gadgets_name_check", "length(name) < 100 AND name <> 'widgets'").
				index(&schema.Index{Name: "gadgets_colour_lower_idx", Keys: []string{`lower("Colour")`}, Where: `"Colour" <> ''`}).
				renamedFrom("widgets")),
			want: []change.Change{
				change.RenameTable{From: qn("widgets"), To: qn("gadgets")},
				change.RenameColumn{Table: qn("gadgets"), From: "color", To: "Colour"},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_pkey", To: "gadgets_pkey"},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_color_check", To: "gadgets_colour_check"},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_name_check", To: "gadgets_name_check"},
				change.RenameIndex{Table: qn("gadgets"), From: "widgets_color_lower_idx", To: "gadgets_colour_lower_idx"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pg, dbURL := pgtest.DB(t)
			up1 := diff(t, nil, tc.v1)
			apply(t, pg, "create v1", up1)

			offline := offlinePlan(t, [][]change.Change{up1}, tc.v2)
			live := livePlan(t, pg, dbURL, tc.v2)
			if d := cmp.Diff(tc.want, offline, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("offline plan (-want +got):\n%s\nplan:%s", d, describeAll(offline))
			}
			if d := cmp.Diff(offline, live, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("live and offline plans differ (-offline +live):\n%s\nlive plan:%s", d, describeAll(live))
			}

			// Applied, the plan reaches v2, and its reverse v1, on the
			// database as in memory.
			apply(t, pg, "v1 -> v2", live)
			if again := livePlan(t, pg, dbURL, tc.v2); len(again) != 0 {
				t.Errorf("after the plan, the live plan is not empty:%s", describeAll(again))
			}
			if again := offlinePlan(t, [][]change.Change{up1, live}, tc.v2); len(again) != 0 {
				t.Errorf("after the plan, the offline plan is not empty:%s", describeAll(again))
			}
			down := reverse(t, live)
			apply(t, pg, "v2 -> v1", down)
			if again := livePlan(t, pg, dbURL, tc.v1); len(again) != 0 {
				t.Errorf("after the reverse plan, the live plan to v1 is not empty:%s", describeAll(again))
			}
		})
	}
}

// TestLiveHalfBuiltObjects (issue 12, item 7): an online migration
// interrupted after its NOT VALID adds, whose concurrent unique build
// failed over duplicate rows, leaves an INVALID index and NOT VALID
// constraints. The migrations (and so the offline plan) say they are
// built; the live plan must see that they are not, and repair them: the
// index dropped and built again, the constraints validated. Once the
// rows are fixed and the repair applied (as it is, or as an online plan),
// the live plan is empty.
func TestLiveHalfBuiltObjects(t *testing.T) {
	t.Parallel()
	owners := func() *tb { return tbl("owners").col("id", "bigint").pk("id") }
	pets := func() *tb {
		return tbl("pets").col("id", "bigint").null("owner", "bigint").col("name", "text").pk("id")
	}
	v1 := db(owners(), pets())
	v2 := db(owners(), pets().fk("owner", "owners.id").check("pets_name_check", "name <> ''").
		index(&schema.Index{Name: "pets_name_idx", Columns: []string{"name"}, Unique: true}))
	ix := v2.Tables[1].Indexes[0]
	badIx := ix.Clone()
	badIx.Invalid = true

	for _, online := range []bool{false, true} {
		name := "repair as it is"
		if online {
			name = "repair online"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			pg, dbURL := pgtest.DB(t)
			up1 := diff(t, nil, v1)
			apply(t, pg, "create v1", up1)
			if _, err := pg.ExecContext(ctx, `INSERT INTO owners VALUES (1);
INSERT INTO pets VALUES (1, 1, 'rex'), (2, 1, 'rex'), (3, 7, 'max'), (4, NULL, '')`); err != nil {
				t.Fatal(err)
			}

			// The online migration v1 -> v2, interrupted: every step runs
			// but the validations, and the concurrent build fails.
			up2 := plan.Online(diff(t, v1, v2))
			built := false
			for _, c := range up2 {
				if _, ok := c.(change.ValidateConstraint); ok {
					continue
				}
				stmts, err := change.SQL(c)
				if err != nil {
					t.Fatal(err)
				}
				for _, stmt := range stmts {
					if _, err := pg.ExecContext(ctx, stmt); err != nil {
						if ci, ok := c.(change.CreateIndex); ok && ci.Concurrently && strings.HasPrefix(stmt, "CREATE UNIQUE INDEX") {
							built = true
							continue
						}
						t.Fatalf("%s: %v", stmt, err)
					}
				}
			}
			if !built {
				t.Fatalf("the concurrent unique build did not fail over duplicates; online plan:%s", describeAll(up2))
			}

			// The migrations say v2 is built: nothing to do offline.
			if off := offlinePlan(t, [][]change.Change{up1, up2}, v2); len(off) != 0 {
				t.Errorf("offline plan after v1 -> v2 is not empty:%s", describeAll(off))
			}
			// The database says otherwise.
			live := livePlan(t, pg, dbURL, v2)
			want := []change.Change{
				change.DropIndex{Table: qn("pets"), Index: badIx},
				change.CreateIndex{Table: qn("pets"), Index: ix},
				change.ValidateConstraint{Table: qn("pets"), Name: "pets_owner_fkey"},
				change.ValidateConstraint{Table: qn("pets"), Name: "pets_name_check"},
			}
			if d := cmp.Diff(want, live, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("live plan over half-built objects (-want +got):\n%s\nplan:%s", d, describeAll(live))
			}
			if got := change.Describe(live[0]); !strings.Contains(got, "invalid index pets_name_idx") {
				t.Errorf("Describe(%T) = %q; want it to say the index is invalid", live[0], got)
			}

			// Fix the rows, repair, and compare again.
			if _, err := pg.ExecContext(ctx, `DELETE FROM pets WHERE id IN (2, 3, 4)`); err != nil {
				t.Fatal(err)
			}
			repair := live
			if online {
				repair = plan.Online(live)
				if !slices.ContainsFunc(repair, func(c change.Change) bool {
					ci, ok := c.(change.CreateIndex)
					return ok && ci.Concurrently
				}) {
					t.Errorf("the online repair builds no index concurrently:%s", describeAll(repair))
				}
			}
			apply(t, pg, "repair", repair)
			if again := livePlan(t, pg, dbURL, v2); len(again) != 0 {
				t.Errorf("after the repair, the live plan is not empty:%s", describeAll(again))
			}
			s, err := catalog.Inspect(ctx, pg, catalog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(v2.Normalize(), s.Normalize(), cmpopts.EquateEmpty(),
				cmpopts.IgnoreFields(schema.Check{}, "Expr")); d != "" {
				t.Errorf("after the repair, the catalog is not v2 (-want +got):\n%s", d)
			}
		})
	}
}
