package cli

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

// cycleTable returns public.name (id bigint primary key, ref bigint) with
// a foreign key ref -> public.refTo(id).
func cycleTable(name, refTo string) *schema.Table {
	return &schema.Table{Schema: schema.DefaultSchema, Name: name,
		Columns:     []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "ref", Type: "bigint", Nullable: true}},
		PrimaryKey:  &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{{Name: name + "_ref_fkey", Columns: []string{"ref"}, RefSchema: schema.DefaultSchema, RefTable: refTo, RefColumns: []string{"id"}}}}
}

// TestSplitNewTablesNoHazards (found by review): new tables whose foreign
// keys close a cycle get them as AddForeignKey after every CreateTable;
// cut into parts, those landed in a later part than their tables, where
// the tables no longer counted as created by the list: each carried a
// long-lock hazard, so `upgrade` refused the part, though the one
// migration had none. A key now goes with its table (and, in a cycle,
// with the table it references).
func TestSplitNewTablesNoHazards(t *testing.T) {
	t.Parallel()
	const n = 6
	to := &schema.Schema{}
	for i := 1; i <= n; i++ {
		to.Tables = append(to.Tables, cycleTable(fmt.Sprintf("t%d", i), fmt.Sprintf("t%d", i%n+1)))
	}
	up, err := differ.Diff(nil, to)
	if err != nil {
		t.Fatal(err)
	}
	if hs := change.UnallowedHazards(up, false, nil); len(hs) != 0 {
		t.Fatalf("the one migration has hazards %v", hs)
	}
	for k, part := range splitChanges(up, n) {
		if hs := change.UnallowedHazards(part, false, nil); len(hs) != 0 {
			t.Errorf("part %d of the chain: hazards %v", k+1, hs)
		}
	}
}

// TestSplitForeignKeysToEarlierTables: keys that reference a table
// created earlier join their own table's group, merging nothing: the
// parts keep their size, and none has a hazard.
func TestSplitForeignKeysToEarlierTables(t *testing.T) {
	t.Parallel()
	to := &schema.Schema{}
	for i := 1; i <= 20; i++ {
		tb := cycleTable(fmt.Sprintf("t%02d", i), fmt.Sprintf("t%02d", max(i-1, 1)))
		if i == 1 {
			tb.ForeignKeys = nil
		}
		to.Tables = append(to.Tables, tb)
	}
	up, err := differ.Diff(nil, to)
	if err != nil {
		t.Fatal(err)
	}
	parts := splitChanges(up, 6)
	if len(parts) < 4 {
		t.Errorf("%d changes in %d parts of at most 6", len(up), len(parts))
	}
	for k, part := range parts {
		if len(part) > 6 {
			t.Errorf("part %d has %d changes, want at most 6", k+1, len(part))
		}
		if hs := change.UnallowedHazards(part, false, nil); len(hs) != 0 {
			t.Errorf("part %d of the chain: hazards %v", k+1, hs)
		}
	}
}
