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
	enum := func(name string, values ...string) Op {
		return Op{Kind: OpCreateEnum, Table: pub(name), Enum: &schema.Enum{Schema: schema.DefaultSchema, Name: name, Values: values}}
	}
	fork := Event{Kind: EventFork, Fork: &Fork{}}
	merge := Event{Kind: EventMerge}
	tests := []struct {
		name string
		evs  []Event
	}{
		{
			// The live plan takes what a change alters or drops from the
			// database, in PostgreSQL's spelling ('-1'::integer); the
			// offline plan from the migration files (-1): `revision
			// --autogenerate` writes another file than `--offline`.
			name: "live plan spells the old side as the database does",
			evs: []Event{
				on(Main, table(pub("t1"), &schema.Column{Name: "c2", Type: "smallint", Default: "-1", Nullable: true})),
				fork, merge,
				on(Main, Op{Kind: OpSetDefault, Table: pub("t1"), Column: "c2", Text: "0"}),
			},
		},
		{
			// ALTER TYPE ... ADD VALUE, then a default that uses the
			// value, in one transaction: "unsafe use of new value".
			name: "a migration uses an enum value it adds",
			evs: []Event{
				on(Main, enum("e1", "v1")),
				fork, merge,
				on(Main, Op{Kind: OpEnumAdd, Table: pub("e1"), Name: "v2", Text: End},
					table(pub("t2"), &schema.Column{Name: "c1", Type: "e1", Default: "'v2'", Nullable: true})),
			},
		},
		{
			// Each branch adds the first table of schema app, and each
			// migration creates the schema: after the merge the second
			// CREATE SCHEMA fails.
			name: "two branches create the same schema",
			evs: []Event{
				on(Main, table(pub("t1"))),
				{Kind: EventFork, Fork: &Fork{A: []schema.QualifiedName{pub("t1")}}},
				on(BranchA, table(app("t2"))),
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
