package differ_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// partitionBy makes the table partitioned.
func (b *tb) partitionBy(key string) *tb {
	b.t.PartitionBy = key
	return b
}

// partitionOf makes the table a partition of parent.
func (b *tb) partitionOf(parent, bound string) *tb {
	b.t.PartitionOf = &schema.PartitionOf{Parent: qn(parent), Bound: bound}
	return b
}

// inherits makes the table a child of parents.
func (b *tb) inherits(parents ...string) *tb {
	for _, p := range parents {
		b.t.Inherits = append(b.t.Inherits, qn(p))
	}
	return b
}

// renamedAt is events with its partition key column renamed from at to
// day, by a model's hint.
func renamedAt() *tb {
	b := tbl("events").col("id", "bigint").col("day", "date").pkNamed("events_pkey", "id", "day").partitionBy("RANGE (day)")
	b.t.Columns[1].RenamedFrom = "at"
	return b
}

// renamedEvents is events renamed to happenings, by a model's hint.
func renamedEvents() *tb {
	b := tbl("happenings").col("id", "bigint").col("at", "date").pkNamed("events_pkey", "id", "at").partitionBy("RANGE (at)")
	b.t.RenamedFrom = qn("events")
	return b
}

func partitionCases() []diffCase {
	events := func() *tb {
		return tbl("events").col("id", "bigint").col("at", "date").pk("id", "at").partitionBy("RANGE (at)")
	}
	p2024 := func(bound string) *tb { return tbl("events_2024").partitionOf("events", bound) }
	y2024 := "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
	y2024b := "FOR VALUES FROM ('2023-07-01') TO ('2025-01-01')"
	withCol := events().null("note", "text")
	list := tbl("events").col("id", "bigint").col("at", "date").pk("id", "at").partitionBy("LIST (at)")
	vehicles := tbl("vehicles").col("id", "bigint")
	return []diffCase{
		{
			name: "partitioned table created before its partitions, parent's index once",
			from: db(),
			to:   db(p2024(y2024), tbl("events_rest").partitionOf("events", "DEFAULT"), events().idx("at")),
			want: []change.Change{
				change.CreateTable{Table: events().build()},
				change.CreateTable{Table: p2024(y2024).build()},
				change.CreateTable{Table: tbl("events_rest").partitionOf("events", "DEFAULT").build()},
				change.CreateIndex{Table: qn("events"), Index: events().idx("at").build().Indexes[0]},
			},
		},
		{
			name: "partitions dropped before their parent",
			from: db(p2024(y2024), events()),
			to:   db(),
			want: []change.Change{
				change.DropTable{Table: p2024(y2024).build()},
				change.DropTable{Table: events().build()},
			},
		},
		{
			name: "bound changed: detached and attached",
			from: db(events(), p2024(y2024)),
			to:   db(events(), p2024(y2024b)),
			want: []change.Change{
				change.DetachPartition{Table: qn("events_2024"), Parent: qn("events"), Bound: y2024},
				change.AttachPartition{Table: qn("events_2024"), Parent: qn("events"), Bound: y2024b},
			},
		},
		{
			name: "bound spelled otherwise: no change",
			from: db(events(), p2024(y2024)),
			to:   db(events().partitionBy("range(at)"), p2024("for values  from ('2024-01-01') to ('2025-01-01')")),
			want: nil,
		},
		{
			name: "column added to the parent only",
			from: db(events(), p2024(y2024)),
			to:   db(withCol, p2024(y2024)),
			want: []change.Change{
				change.AddColumn{Table: qn("events"), Column: &schema.Column{Name: "note", Type: "text", Nullable: true}},
			},
		},
		{
			name: "partition key changed: parent and partitions rebuilt",
			from: db(events(), p2024(y2024)),
			to:   db(list, p2024("FOR VALUES IN ('2024-01-01')")),
			want: []change.Change{
				change.DropTable{Table: p2024(y2024).build()},
				change.DropTable{Table: events().build()},
				change.CreateTable{Table: list.build()},
				change.CreateTable{Table: p2024("FOR VALUES IN ('2024-01-01')").build()},
			},
		},
		{
			name: "partition key column retyped: rebuilt",
			from: db(events(), p2024(y2024)),
			to:   db(tbl("events").col("id", "bigint").col("at", "timestamptz").pk("id", "at").partitionBy("RANGE (at)"), p2024(y2024)),
			want: []change.Change{
				change.DropTable{Table: p2024(y2024).build()},
				change.DropTable{Table: events().build()},
				change.CreateTable{Table: tbl("events").col("id", "bigint").col("at", "timestamptz").pk("id", "at").partitionBy("RANGE (at)").build()},
				change.CreateTable{Table: p2024(y2024).build()},
			},
		},
		{
			name: "other column retyped: altered in place",
			from: db(events(), p2024(y2024)),
			to:   db(tbl("events").col("id", "numeric").col("at", "date").pk("id", "at").partitionBy("RANGE (at)"), p2024(y2024)),
			want: []change.Change{
				change.AlterColumn{Table: qn("events"), From: &schema.Column{Name: "id", Type: "bigint"}, To: &schema.Column{Name: "id", Type: "numeric"}},
			},
		},
		{
			name: "table becomes a partition: rebuilt",
			from: db(events(), tbl("events_2024").col("id", "bigint").col("at", "date")),
			to:   db(events(), p2024(y2024)),
			want: []change.Change{
				change.DropTable{Table: tbl("events_2024").col("id", "bigint").col("at", "date").build()},
				change.CreateTable{Table: p2024(y2024).build()},
			},
		},
		{
			name: "inheritance child created after its parent, dropped before it",
			from: db(),
			to:   db(tbl("cars").col("doors", "integer").inherits("vehicles"), vehicles),
			want: []change.Change{
				change.CreateTable{Table: vehicles.build()},
				change.CreateTable{Table: tbl("cars").col("doors", "integer").inherits("vehicles").build()},
			},
		},
		{
			name: "inheritance parent changed: child rebuilt",
			from: db(vehicles, tbl("boats").col("id", "bigint"), tbl("cars").col("doors", "integer").inherits("vehicles")),
			to:   db(vehicles, tbl("boats").col("id", "bigint"), tbl("cars").col("doors", "integer").inherits("boats")),
			want: []change.Change{
				change.DropTable{Table: tbl("cars").col("doors", "integer").inherits("vehicles").build()},
				change.CreateTable{Table: tbl("cars").col("doors", "integer").inherits("boats").build()},
			},
		},
		{
			name:            "partition of a table that is not partitioned is refused",
			from:            db(),
			to:              db(tbl("events").col("at", "date"), p2024(y2024)),
			wantErrContains: "is a partition of events, which is not partitioned",
		},
		{
			name:            "partition with columns is refused",
			from:            db(),
			to:              db(events(), p2024(y2024).col("x", "int")),
			wantErrContains: "a partition's columns are its parent's",
		},
		{
			name:            "a partition kept while its parent is dropped is refused",
			from:            db(events(), p2024(y2024)),
			to:              db(p2024(y2024)),
			wantErrContains: "table events_2024 is kept, but its parent events is dropped",
		},
		{
			name:            "inheritance cycle is refused",
			from:            db(),
			to:              db(tbl("a").inherits("b"), tbl("b").inherits("a")),
			wantErrContains: "is its own ancestor",
		},
		{
			name: "partition key column renamed: renamed, not rebuilt",
			from: db(events(), p2024(y2024)),
			to:   db(renamedAt(), p2024(y2024)),
			want: []change.Change{change.RenameColumn{Table: qn("events"), From: "at", To: "day"}},
		},
		{
			name: "partitioned table renamed: its partitions follow",
			from: db(events(), p2024(y2024)),
			to:   db(renamedEvents(), tbl("events_2024").partitionOf("happenings", y2024)),
			want: []change.Change{change.RenameTable{From: qn("events"), To: qn("happenings")}},
		},
		{
			name: "a partition's own index may name the parent's columns",
			from: db(events(), p2024(y2024)),
			to:   db(events(), p2024(y2024).idx("at")),
			want: []change.Change{
				change.CreateIndex{Table: qn("events_2024"), Index: p2024(y2024).idx("at").build().Indexes[0]},
			},
		},
	}
}

// TestDiffPartitions checks the plans of partitioned tables, partitions
// and inheritance children, and that replay (package plan) agrees: the
// changes take from to to offline, and their reverse takes it back.
func TestDiffPartitions(t *testing.T) {
	t.Parallel()
	for _, tc := range partitionCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := differ.Diff(tc.from, tc.to)
			if tc.wantErrContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
					t.Fatalf("Diff = %v, %v; want error containing %q", got, err, tc.wantErrContains)
				}
				return
			}
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
			for _, c := range got {
				if _, err := change.SQL(c); err != nil {
					t.Errorf("SQL(%s): %v", change.Describe(c), err)
				}
			}
			up, err := plan.Replay(tc.from, got)
			if err != nil {
				t.Fatalf("Replay(up): %v", err)
			}
			if rest, err := differ.Diff(up, tc.to); err != nil || len(rest) != 0 {
				t.Errorf("after replaying up, Diff to the target = %v, %v; want nothing", rest, err)
			}
			down, _ := change.ReverseAll(got)
			back, err := plan.Replay(up, down)
			if err != nil {
				t.Fatalf("Replay(down): %v", err)
			}
			if rest, err := differ.Diff(back, tc.from); err != nil || len(rest) != 0 {
				t.Errorf("after replaying down, Diff to the start = %v, %v; want nothing", rest, err)
			}
		})
	}
}
