package gentest

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestGenerativeEnumOrderAfterMerge is known bug D, fixed: both branches
// append to the same enum; production applies the revisions in graph
// order (a1, b1, a2), the database of branch a applied a1, a2, then b1,
// so the values stood in another order there, which the live check
// reported as a move that the migrations do not have. The merge revision
// now settles the order ([plan.SettleEnumOrder]): after it, every
// database holds the values in graph order. A table with a column of the
// type, a default and a check that use it, and rows, goes through the
// rebuild on the developer's database.
func TestGenerativeEnumOrderAfterMerge(t *testing.T) {
	t.Parallel()
	server := pgtest.Server(t)
	ctx := context.Background()
	pub := func(name string) schema.QualifiedName {
		return schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}
	}
	on := func(branch string, ops ...Op) Event { return Event{Kind: EventStep, Branch: branch, Ops: ops} }
	appendValue := func(v string) Op { return Op{Kind: OpEnumAdd, Table: pub("e1"), Name: v, Text: End} }
	t1 := &schema.Table{Schema: schema.DefaultSchema, Name: "t1",
		Columns:    []*schema.Column{{Name: "id", Type: "integer"}, {Name: "c1", Type: "e1", Default: "'v1'", Nullable: true}},
		Checks:     []*schema.Check{{Name: "t1_c1_check", Expr: "c1 <> 'v1' OR id > 0"}},
		PrimaryKey: &schema.PrimaryKey{Name: "t1_pkey", Columns: []string{"id"}}}
	fork := Event{Kind: EventFork, Fork: &Fork{}}
	tests := []struct {
		name string
		evs  []Event
	}{
		{
			name: "enum values appended on two branches",
			evs: []Event{
				on(Main, Op{Kind: OpCreateEnum, Table: pub("e1"), Enum: &schema.Enum{Schema: schema.DefaultSchema, Name: "e1", Values: []string{"v1"}}}),
				fork,
				on(BranchA, appendValue("v2")),
				on(BranchB, appendValue("v3")),
				on(BranchA, appendValue("v4")),
				{Kind: EventMerge},
			},
		},
		{
			name: "enum values appended on two branches, with a table of the type",
			evs: []Event{
				on(Main, Op{Kind: OpCreateEnum, Table: pub("e1"), Enum: &schema.Enum{Schema: schema.DefaultSchema, Name: "e1", Values: []string{"v1"}}}),
				on(Main, Op{Kind: OpCreateTable, Table: pub("t1"), TableDef: t1}),
				fork,
				on(BranchA, appendValue("v2")),
				on(BranchB, appendValue("v3")),
				on(BranchA, appendValue("v4")),
				{Kind: EventMerge},
				on(Main, appendValue("v5")),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each history has databases of its own
			var st stats
			if err := runHistory(ctx, t, server, tc.evs, 1, &st); err != nil {
				t.Fatalf("%v\nevents:\n%s", err, eventList(tc.evs))
			}
			if st.skipped > 0 {
				t.Fatalf("%d ops did not apply:\n%s", st.skipped, eventList(tc.evs))
			}
		})
	}
}
