package gentest

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestKnownBugs runs, with -gen.strict, a short history for each thing
// that schemagen is known to get wrong, which the generative test
// otherwise steers around (see -gen.strict): each fails until its bug is
// fixed. Without -gen.strict it skips.
//
//	go test ./internal/gentest -run TestKnownBugs -gen.strict -v
func TestKnownBugs(t *testing.T) {
	if !*flagStrict {
		t.Skip("reproduces the known bugs; run with -gen.strict")
	}
	server := pgtest.Server(t)
	ctx := context.Background()
	pub := func(name string) schema.QualifiedName {
		return schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}
	}
	app := func(name string) schema.QualifiedName { return schema.QualifiedName{Schema: AppSchema, Name: name} }
	on := func(branch string, ops ...Op) Event { return Event{Kind: EventStep, Branch: branch, Ops: ops} }
	table := func(q schema.QualifiedName, cols ...*schema.Column) Op {
		t := &schema.Table{Schema: q.Schema, Name: q.Name,
			Columns:    append([]*schema.Column{{Name: "id", Type: "integer"}}, cols...),
			PrimaryKey: &schema.PrimaryKey{Name: q.Name + "_pkey", Columns: []string{"id"}}}
		return Op{Kind: OpCreateTable, Table: q, TableDef: t}
	}
	merge := Event{Kind: EventMerge}
	tests := []struct {
		name string
		evs  []Event
	}{
		{
			// Branch a drops the last table of schema app, and with it
			// the schema (empty then); branch b adds a table to app.
			// After the merge, when a's migration runs first, b's
			// CREATE TABLE finds no schema app. `merge heads` warns
			// of it (plan.UpgradeConflicts): the failure names the
			// conflict that predicted it.
			name: "a branch drops a schema that the other adds a table to",
			evs: []Event{
				on(Main, table(pub("t1")), table(app("t2"))),
				{Kind: EventFork, Fork: &Fork{A: []schema.QualifiedName{app("t2")}}},
				on(BranchA, Op{Kind: OpDropTable, Table: app("t2")}),
				on(BranchB, table(app("t3"))),
				merge,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var st stats
			err := runHistory(ctx, t, server, tc.evs, 1, &st)
			if st.skipped > 0 {
				t.Fatalf("%d ops did not apply:\n%s", st.skipped, eventList(tc.evs))
			}
			if err != nil {
				t.Errorf("%v\nevents:\n%s", err, eventList(tc.evs))
			}
		})
	}
}
