package catalog

import (
	"context"
	"slices"
	"testing"

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/internal/pgtest"
)

// TestManagedKindsLeftOut: a kind listed as managed is not read, which is
// what flipping Managed in unmanagedKinds relies on.
func TestManagedKindsLeftOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	if _, err := db.ExecContext(ctx, `
CREATE VIEW v AS SELECT 1 AS a;
CREATE OPERATOR === (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int);`); err != nil {
		t.Fatal(err)
	}
	in := &inspector{q: db}
	_, oids, _, err := in.schemas(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		managed []string
		want    []string
	}{
		{managed: nil, want: []string{"operator", "view"}},
		{managed: []string{"view"}, want: []string{"operator"}},
		{managed: []string{"view", "operator"}, want: nil},
	} {
		got, err := in.unmanaged(ctx, pq.Array(oids), true, tc.managed)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, u := range got {
			kinds = append(kinds, u.Kind)
		}
		if !slices.Equal(kinds, tc.want) {
			t.Errorf("managed %v: read kinds %v, want %v", tc.managed, kinds, tc.want)
		}
	}
	for _, k := range unmanagedKinds {
		if k.Kind == "" || k.Managed && k.Owner == "" {
			t.Errorf("unmanagedKinds: %+v: a managed kind names its owner", k)
		}
	}
}
