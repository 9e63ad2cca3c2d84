package gentest

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestGenerativeRegressions runs, as histories, the bugs that the
// generative test found and that are fixed, each shortened by hand to the
// few steps that showed it. The unit tests beside the fixes name them
// too.
func TestGenerativeRegressions(t *testing.T) {
	t.Parallel()
	server := pgtest.Server(t)
	ctx := context.Background()
	pub := func(name string) schema.QualifiedName {
		return schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}
	}
	step := func(ops ...Op) Event { return Event{Kind: EventStep, Branch: Main, Ops: ops} }
	fork := Event{Kind: EventFork, Fork: &Fork{}}
	merge := Event{Kind: EventMerge}
	col := func(name, typ, def string) *schema.Column {
		return &schema.Column{Name: name, Type: typ, Default: def, Nullable: true}
	}
	table := func(name string, cols ...*schema.Column) *schema.Table {
		return &schema.Table{Schema: schema.DefaultSchema, Name: name,
			Columns:    append([]*schema.Column{{Name: "id", Type: "integer"}}, cols...),
			PrimaryKey: &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}}}
	}
	createEnum := func(name string, values ...string) Op {
		return Op{Kind: OpCreateEnum, Table: pub(name), Enum: &schema.Enum{Schema: schema.DefaultSchema, Name: name, Values: values}}
	}
	createTable := func(t *schema.Table) Op { return Op{Kind: OpCreateTable, Table: t.QualifiedName(), TableDef: t} }
	appTable := func(name string) Op {
		t := table(name)
		t.Schema = AppSchema
		return createTable(t)
	}
	on := func(branch string, ops ...Op) Event { return Event{Kind: EventStep, Branch: branch, Ops: ops} }
	forkA := func(tables ...string) Event {
		f := &Fork{}
		for _, n := range tables {
			f.A = append(f.A, pub(n))
		}
		return Event{Kind: EventFork, Fork: f}
	}
	tests := []struct {
		name string
		evs  []Event
	}{
		{
			// differ: branch a dropped the last table of schema app, and
			// with it the schema (empty then); branch b added a table to
			// app, which existed at the fork, without creating it: after
			// the merge, in graph order, b's CREATE TABLE found no schema.
			// A migration that adds a table or enum to a schema other than
			// public now ensures the schema (CREATE SCHEMA IF NOT EXISTS).
			name: "a branch drops a schema that the other adds a table to",
			evs: []Event{
				step(createTable(table("t1")), appTable("t2")),
				{Kind: EventFork, Fork: &Fork{A: []schema.QualifiedName{{Schema: AppSchema, Name: "t2"}}}},
				on(BranchA, Op{Kind: OpDropTable, Table: schema.QualifiedName{Schema: AppSchema, Name: "t2"}}),
				on(BranchB, appTable("t3")),
				merge,
			},
		},
		{
			// gentest: the rows a table holds take the default of an enum
			// column added to it, also when an op of the same step sets
			// the default after the add; the row check expected the
			// values unchanged (seed 9007).
			name: "enum column added, then given a default, in one step",
			evs: []Event{
				step(createEnum("e1", "v1", "v2")),
				step(createTable(table("t1"))),
				step(Op{Kind: OpAddColumn, Table: pub("t1"), Col: col("c1", "e1", "")},
					Op{Kind: OpSetDefault, Table: pub("t1"), Column: "c1", Text: "'v2'"}),
			},
		},
		{
			// change: CREATE TABLE left out a unique constraint that
			// repeats the primary key (seed 1).
			name: "unique constraint that repeats the primary key",
			evs: func() []Event {
				t1 := table("t1", col("c2", "text", ""))
				t1.Uniques = []*schema.Unique{{Name: "t1_id_key", Columns: []string{"id"}}}
				return []Event{step(createTable(t1)), fork, merge}
			}(),
		},
		{
			// change: a column went from one enum to another with
			// USING c::e2, which PostgreSQL refuses (seed 125).
			name: "column from one enum to another",
			evs: []Event{
				step(createEnum("e1", "v1", "v2"), createEnum("e2", "v2", "v1")),
				step(createTable(table("t1", col("c1", "e1", "'v2'")))),
				fork, merge,
				step(Op{Kind: OpAlterType, Table: pub("t1"), Column: "c1", Col: &schema.Column{Type: "e2", Default: "'v1'"}}),
			},
		},
		{
			// plan: replay kept the default that an enum rebuild
			// changed (seeds 20040, 20041, 20049, 20050, 20056).
			name: "enum rebuild gives a column a new default",
			evs: []Event{
				step(createEnum("e1", "v1", "v2", "v3")),
				step(createTable(table("t1", col("c1", "e1", "'v2'"), col("c2", "e1", "'v1'")))),
				fork, merge,
				step(Op{Kind: OpEnumDrop, Table: pub("e1"), Name: "v2"}),
				step(Op{Kind: OpSetDefault, Table: pub("t1"), Column: "c2", Text: "'v3'"}, Op{Kind: OpEnumMove, Table: pub("e1"), Name: "v1", Text: End}),
			},
		},
		{
			// differ: the rebuild of an enum set the new default of a
			// column that the same migration takes out of the type
			// (seed 20043).
			name: "column leaves an enum that is rebuilt",
			evs: []Event{
				step(createEnum("e1", "v1", "v2", "v3")),
				step(createTable(table("t1", col("c1", "e1", "'v2'")))),
				fork, merge,
				step(Op{Kind: OpEnumMove, Table: pub("e1"), Name: "v3", Text: ""},
					Op{Kind: OpAlterType, Table: pub("t1"), Column: "c1", Col: &schema.Column{Type: "varchar(20)", Default: "'it''s'"}}),
			},
		},
		{
			// change: an enum rebuild broke on a foreign key between
			// columns of the type (seed 40022).
			name: "enum rebuild under a foreign key between its columns",
			evs: func() []Event {
				t1 := table("t1", col("c1", "e1", ""))
				t1.Uniques = []*schema.Unique{{Name: "t1_c1_key", Columns: []string{"c1"}}}
				return []Event{
					step(createEnum("e1", "v1", "v2", "v3")),
					step(createTable(t1), createTable(table("t2"))),
					step(Op{Kind: OpAddForeignKey, Table: pub("t2"), Column: "c2",
						FK: &schema.ForeignKey{Name: "t2_c2_fkey", RefSchema: schema.DefaultSchema, RefTable: "t1", RefColumns: []string{"c1"}, OnDelete: "SET NULL"}}),
					fork, merge,
					step(Op{Kind: OpEnumDrop, Table: pub("e1"), Name: "v2"}),
				}
			}(),
		},
		{
			// change: DROP IDENTITY and a type change in one ALTER
			// TABLE, which PostgreSQL refuses (seed 40028).
			name: "identity dropped and type changed",
			evs: func() []Event {
				t1 := table("t1", col("c1", "text", ""))
				t1.Columns[0].Identity = true
				return []Event{
					step(createTable(t1)),
					fork, merge,
					step(Op{Kind: OpSetIdentity, Table: pub("t1"), Column: "id", Flag: false},
						Op{Kind: OpAlterType, Table: pub("t1"), Column: "id", Col: &schema.Column{Type: "varchar(20)"}}),
				}
			}(),
		},
		{
			// differ: a key column and the column whose foreign key
			// references it changed type one ALTER TABLE at a time
			// (seed 50035, -gen.online=0.5).
			name: "key and reference change type together",
			evs: []Event{
				step(createTable(table("t1")), createTable(table("t2"))),
				step(Op{Kind: OpAddForeignKey, Table: pub("t2"), Column: "c1",
					FK: &schema.ForeignKey{Name: "t2_c1_fkey", RefSchema: schema.DefaultSchema, RefTable: "t1", RefColumns: []string{"id"}}}),
				fork, merge,
				step(Op{Kind: OpAlterKeyType, Table: pub("t1"), Column: "id", Col: &schema.Column{Type: "text"}}),
			},
		},
		{
			// change: two branches each added the first table of schema
			// app, and each migration created the schema: after the
			// merge the second CREATE SCHEMA failed, and downgrading one
			// branch dropped the schema that held the other's table
			// (known bug C of issue 12).
			name: "two branches create the same schema",
			evs: []Event{
				step(createTable(table("t1"))),
				forkA("t1"),
				on(BranchA, appTable("t2")),
				on(BranchB, appTable("t3")),
				merge,
			},
		},
		{
			// change: one branch creates schema app and drops it again
			// with its last table, the other creates it too: whatever
			// the order, the schema stays while a table lives in it.
			name: "a branch creates a schema and drops it, the other creates it too",
			evs: []Event{
				step(createTable(table("t1"))),
				forkA("t1"),
				on(BranchA, appTable("t2")),
				on(BranchB, appTable("t3")),
				on(BranchA, Op{Kind: OpDropTable, Table: schema.QualifiedName{Schema: AppSchema, Name: "t2"}}),
				merge,
			},
		},
		{
			// cli: the live plan took what a change alters or drops
			// from the database, in PostgreSQL's spelling
			// ('-1'::integer), the offline plan from the migration
			// files (-1): `revision --autogenerate` wrote another file
			// than `--offline` (known bug A of issue 12).
			name: "live plan spells the old side as the migrations do",
			evs: []Event{
				step(createTable(table("t1", col("c2", "smallint", "-1")))),
				fork, merge,
				step(Op{Kind: OpSetDefault, Table: pub("t1"), Column: "c2", Text: "0"}),
			},
		},
		{
			// The same for what a step drops: a column with a default,
			// a check, an index with a predicate, a table.
			name: "live plan spells what it drops as the migrations do",
			evs: func() []Event {
				t1 := table("t1", col("c2", "smallint", "-1"), col("c3", "text", "'x'"))
				t1.Checks = []*schema.Check{{Name: "t1_c3_check", Expr: "c3 <> 'y'"}}
				t1.Indexes = []*schema.Index{{Name: "t1_c3_idx", Columns: []string{"c3"}, Where: "c3 <> ''"}}
				t2 := table("t2", col("c1", "text", "'a' || 'b'"))
				t2.Checks = []*schema.Check{{Name: "t2_c1_check", Expr: "length(c1) > 1"}}
				return []Event{
					step(createTable(t1), createTable(t2)),
					fork, merge,
					step(Op{Kind: OpDropColumn, Table: pub("t1"), Column: "c2"},
						Op{Kind: OpDropCheck, Table: pub("t1"), Name: "t1_c3_check"},
						Op{Kind: OpDropIndex, Table: pub("t1"), Name: "t1_c3_idx"},
						Op{Kind: OpDropTable, Table: pub("t2")}),
				}
			}(),
		},
		{
			// The same for the old default of a column whose enum is
			// rebuilt.
			name: "live plan spells an enum column's old default as the migrations do",
			evs: []Event{
				step(createEnum("e1", "v1", "v2", "v3")),
				step(createTable(table("t1", col("c1", "e1", "'v1'")))),
				fork, merge,
				step(Op{Kind: OpEnumDrop, Table: pub("e1"), Name: "v2"},
					Op{Kind: OpSetDefault, Table: pub("t1"), Column: "c1", Text: "'v3'"}),
			},
		},
		{
			// differ: ALTER TYPE ... ADD VALUE, then a default that uses
			// the value, in one transaction: "unsafe use of new value"
			// (known bug B of issue 12).
			name: "a migration uses an enum value it adds",
			evs: []Event{
				step(createEnum("e1", "v1")),
				fork, merge,
				step(Op{Kind: OpEnumAdd, Table: pub("e1"), Name: "v2", Text: End},
					createTable(table("t2", col("c1", "e1", "'v2'")))),
			},
		},
		{
			// differ: the same, with the value in a check and an index
			// predicate on an existing table.
			name: "a migration uses an enum value it adds in a check and an index predicate",
			evs: []Event{
				step(createEnum("e1", "v1")),
				step(createTable(table("t1", col("c1", "e1", "")))),
				fork, merge,
				step(Op{Kind: OpEnumAdd, Table: pub("e1"), Name: "v2", Text: End},
					Op{Kind: OpAddCheck, Table: pub("t1"), Check: &schema.Check{Name: "t1_c1_check", Expr: "c1 <> 'v2'"}},
					Op{Kind: OpAddIndex, Table: pub("t1"), Index: &schema.Index{Name: "k1", Columns: []string{"id"}, Where: "c1 <> 'v2'"}}),
			},
		},
		{
			// differ: the downgrade of a value dropped with the check
			// that names it adds the value back, then the check.
			name: "a downgrade uses an enum value it adds back",
			evs: func() []Event {
				t1 := table("t1", col("c1", "e1", ""))
				t1.Checks = []*schema.Check{{Name: "t1_c1_check", Expr: "c1 <> 'v2'"}}
				return []Event{
					step(createEnum("e1", "v1", "v2")),
					step(createTable(t1)),
					fork, merge,
					step(Op{Kind: OpDropCheck, Table: pub("t1"), Name: "t1_c1_check"},
						Op{Kind: OpEnumDrop, Table: pub("e1"), Name: "v2"}),
				}
			}(),
		},
		{
			// change: a foreign key uses one unique index of the
			// columns it references, picked when it is created; the
			// downgrade of the drop of t1 created it while two unique
			// constraints covered c4, and it picked k24, whose drop
			// (the downgrade of its add) then failed (seed 300076).
			name: "unique constraint dropped under a foreign key that another covers",
			evs: func() []Event {
				t1 := table("t1", col("c4", "bigint", ""))
				t1.Uniques = []*schema.Unique{{Name: "t1_c4_key", Columns: []string{"c4"}}}
				return []Event{
					step(createTable(t1)),
					step(Op{Kind: OpAddForeignKey, Table: pub("t1"), Column: "c10",
						FK: &schema.ForeignKey{Name: "t1_c10_fkey", RefSchema: schema.DefaultSchema, RefTable: "t1", RefColumns: []string{"c4"}, OnDelete: "CASCADE"}}),
					forkA("t1"),
					on(BranchA, Op{Kind: OpAddUnique, Table: pub("t1"), Unique: &schema.Unique{Name: "k24", Columns: []string{"c4"}}}),
					on(BranchA, Op{Kind: OpDropTable, Table: pub("t1")}),
					merge,
				}
			}(),
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
