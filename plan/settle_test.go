package plan_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestSettleEnumOrder: a merge settles the order of an enum's values
// where a database that applied the branches in another order than graph
// order ends with another order, and only there.
func TestSettleEnumOrder(t *testing.T) {
	t.Parallel()
	e1 := schema.QualifiedName{Schema: "public", Name: "e1"}
	e2 := schema.QualifiedName{Schema: "billing", Name: "e2"}
	t1 := schema.QualifiedName{Schema: "public", Name: "t1"}
	rec := func(rev, parent string, cs ...change.Change) migrate.Recorded {
		r := migrate.Recorded{Revision: rev, File: rev + ".go", Upgrade: cs}
		if parent != "" {
			r.DownRevision = strings.Split(parent, ",")
		}
		return r
	}
	appendTo := func(q schema.QualifiedName, v string) change.Change {
		return change.AlterEnum{Enum: q, Add: []change.EnumValue{{Value: v}}}
	}
	// base: enums e1 (v1) and e2 (x), a table with a column of e1 and
	// one of an array of e2.
	base := rec("0001", "",
		change.CreateSchema{Name: "billing"},
		change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "e1", Values: []string{"v1"}}},
		change.CreateEnum{Enum: &schema.Enum{Schema: "billing", Name: "e2", Values: []string{"x"}}},
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t1", Columns: []*schema.Column{
			{Name: "id", Type: "integer"}, {Name: "c1", Type: "e1"}, {Name: "c2", Type: "billing.e2[]", Nullable: true}}}},
	)
	tests := []struct {
		name    string
		recs    []migrate.Recorded
		want    []change.Change
		wantErr string
	}{
		{
			// Graph order a1 b1 a2: v1 v2 v3 v4; the database of
			// branch a applied a1 a2 b1: v1 v2 v4 v3.
			name: "two branches append to one enum",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2")),
				rec("0003", "0001", appendTo(e1, "v3")),
				rec("0004", "0002", appendTo(e1, "v4")),
			},
			want: []change.Change{change.OrderEnum{Enum: e1, Values: []string{"v1", "v2", "v3", "v4"}, Tables: []schema.QualifiedName{t1}}},
		},
		{
			// One value each: a at a1 then b1 gives v1 v2 v3, as graph
			// order does; b at b1 then a1 gives v1 v3 v2.
			name: "one value on each branch",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2")),
				rec("0003", "0001", appendTo(e1, "v3")),
			},
			want: []change.Change{change.OrderEnum{Enum: e1, Values: []string{"v1", "v2", "v3"}, Tables: []schema.QualifiedName{t1}}},
		},
		{
			name: "two enums, declared effects of hand-written SQL count",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2"), appendTo(e2, "y")),
				rec("0003", "0001", change.Execute{SQL: "ALTER TYPE billing.e2 ADD VALUE 'z'", Declared: true, Effects: change.Changes{appendTo(e2, "z")}}),
			},
			want: []change.Change{change.OrderEnum{Enum: e2, Values: []string{"x", "y", "z"}, Tables: []schema.QualifiedName{t1}}},
		},
		{
			name: "a linear history",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2")),
				rec("0003", "0002", appendTo(e1, "v3")),
			},
		},
		{
			name: "only one branch changes the enum",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2"), appendTo(e1, "v3")),
				rec("0003", "0001", appendTo(e2, "y")),
			},
		},
		{
			// Places that name values of the base compose in any order.
			name: "values placed before values of the base",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", change.AlterEnum{Enum: e1, Add: []change.EnumValue{{Value: "v0", Before: "v1"}}}),
				rec("0003", "0001", appendTo(e1, "v2")),
			},
		},
		{
			// One branch places v3 after v2, which the other drops:
			// applied in graph order, v1 v3; dropped first, the
			// upgrade fails, so that order settles nothing.
			name: "an order that does not apply is passed over",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2")),
				rec("0003", "0002", change.AlterEnum{Enum: e1, Add: []change.EnumValue{{Value: "v3", After: "v2"}}}),
				rec("0004", "0002", change.AlterEnum{Enum: e1, Drop: []change.EnumValue{{Value: "v2"}}}),
			},
		},
		{
			// After a merge that settled the order, a database of
			// either branch ends in graph order.
			name: "an order settled by an earlier merge",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v2")),
				rec("0003", "0001", appendTo(e1, "v3")),
				rec("0004", "0002,0003", change.OrderEnum{Enum: e1, Values: []string{"v1", "v2", "v3"}}),
			},
		},
		{
			name: "the merged revisions do not replay",
			recs: []migrate.Recorded{base,
				rec("0002", "0001", appendTo(e1, "v1")),
				rec("0003", "0001", appendTo(e1, "v3")),
			},
			wantErr: `enum e1 has value "v1" already`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.SettleEnumOrder(tc.recs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("SettleEnumOrder error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("SettleEnumOrder (-want +got):\n%s", d)
			}
			// The merge's changes replay on the heads, leaving the
			// values in graph order.
			head, err := plan.ReplayAll(tc.recs)
			if err != nil {
				t.Fatal(err)
			}
			after, err := plan.Replay(head, got)
			if err != nil {
				t.Fatalf("replay the merge's changes: %v", err)
			}
			if d := cmp.Diff(head, after); d != "" {
				t.Errorf("the merge's changes change the replayed heads (-heads +after):\n%s", d)
			}
		})
	}
}

// TestReplayOrderEnum: replay puts the values in the order given, and
// refuses other values, naming both lists.
func TestReplayOrderEnum(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: "e1"}
	base := &schema.Schema{Enums: []*schema.Enum{{Schema: "public", Name: "e1", Values: []string{"a", "c", "b"}}}}
	tests := []struct {
		name    string
		values  []string
		want    []string
		wantErr string
	}{
		{name: "another order", values: []string{"a", "b", "c"}, want: []string{"a", "b", "c"}},
		{name: "the same order", values: []string{"a", "c", "b"}, want: []string{"a", "c", "b"}},
		{name: "a value more", values: []string{"a", "b", "c", "d"}, wantErr: "enum e1 holds the values (a, c, b), not the values to put in order (a, b, c, d)"},
		{name: "a value less", values: []string{"a", "b"}, wantErr: "not the values to put in order (a, b)"},
		{name: "a value twice", values: []string{"a", "b", "b", "c"}, wantErr: "not the values to put in order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.Replay(base, []change.Change{change.OrderEnum{Enum: q, Values: tc.values}})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Replay error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e, _ := got.Enum(q)
			if d := cmp.Diff(tc.want, e.Values); d != "" {
				t.Errorf("values (-want +got):\n%s", d)
			}
		})
	}
}
