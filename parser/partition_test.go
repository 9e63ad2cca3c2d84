package parser

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/schema"
)

// TestLoadPartitions: //schemagen:partition declares a partitioned table
// and its partitions (in the parent's schema unless qualified), and
// //schemagen:inherits a child whose embedded parent's columns are the
// parent's.
func TestLoadPartitions(t *testing.T) {
	t.Parallel()
	got, err := load(t, "testdata/src/partitions", ".")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	events := schema.QualifiedName{Schema: "public", Name: "event"}
	regions := schema.QualifiedName{Schema: "billing", Name: "regions"}
	part := func(s, name string, parent schema.QualifiedName, bound string) *schema.Table {
		return &schema.Table{Schema: s, Name: name, PartitionOf: &schema.PartitionOf{Parent: parent, Bound: bound}}
	}
	regionsUS := part("billing", "regions_us", regions, "FOR VALUES IN ('us')")
	regionsUS.PartitionBy = "HASH (code)"
	want := &schema.Schema{
		Schemas: []string{"archive", "billing"},
		Tables: []*schema.Table{
			{Schema: "public", Name: "event", Columns: []*schema.Column{
				{Name: "id", Type: "bigint", Identity: true},
				{Name: "created_on", Type: "date"},
				{Name: "account_id", Type: "bigint"},
			},
				PrimaryKey:  &schema.PrimaryKey{Name: "event_pkey", Columns: []string{"id", "created_on"}},
				Indexes:     []*schema.Index{{Name: "events_account_idx", Columns: []string{"account_id"}}},
				PartitionBy: "RANGE (created_on)"},
			{Schema: "billing", Name: "regions", Columns: []*schema.Column{{Name: "code", Type: "text"}}, PartitionBy: "LIST (lower(code))"},
			{Schema: "public", Name: "vehicle", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "name", Type: "text"}}},
			{Schema: "public", Name: "car", Columns: []*schema.Column{{Name: "doors", Type: "integer"}}, Inherits: []schema.QualifiedName{{Schema: "public", Name: "vehicle"}}},
			part("public", "events_2024", events, "for values from ('2024-01-01') to ('2025-01-01')"),
			part("archive", "events_old", events, "FOR VALUES FROM (MINVALUE) TO ('2024-01-01')"),
			part("public", "events_rest", events, "DEFAULT"),
			part("billing", "regions_eu", regions, "for values in ('eu', 'uk')"),
			regionsUS,
			part("billing", "regions_us_0", regionsUS.QualifiedName(), "for values with (modulus 2, remainder 0)"),
			part("billing", "regions_us_1", regionsUS.QualifiedName(), "for values with (modulus 2, remainder 1)"),
		},
	}
	opts := cmp.Options{cmpopts.IgnoreFields(schema.Table{}, "Pos"), cmpopts.IgnoreFields(schema.Column{}, "Pos"), cmpopts.EquateEmpty()}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("schema mismatch (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}
