package differ_test

import (
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestEnsureSchemaDowngradeKeepsEmptySchema (found by review): a schema
// that a migration created empty (op.CreateSchema, say for grants) and
// that the next migration adds a table to: the plan ensures the schema
// (op.EnsureSchema), whose reverse is no change, so the downgrade leaves
// the schema the earlier revision has.
func TestEnsureSchemaDowngradeKeepsEmptySchema(t *testing.T) {
	t.Parallel()
	from := &schema.Schema{Schemas: []string{"billing"}}
	to := &schema.Schema{Schemas: []string{"billing"}, Tables: []*schema.Table{tbl("billing.inv").col("id", "bigint").build()}}
	up, err := differ.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	down, ok := change.ReverseAll(up)
	if !ok {
		t.Fatal("no reverse")
	}
	got, err := plan.Replay(to, down)
	if err != nil {
		t.Fatal(err)
	}
	if rest, err := differ.Diff(got, from); err != nil || len(rest) != 0 {
		t.Errorf("up %v\ndown %v\nafter the downgrade, Diff to the earlier revision = %v, %v; want nothing", up, down, rest, err)
	}
}
