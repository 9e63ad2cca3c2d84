package differ_test

import (
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestEnumRebuildWithColumnLeavingTheType (found by the generative test of
// issue 12, seed 20043): in one diff, an enum loses (or moves) a value, so
// that it is rebuilt, and a column of the type becomes varchar(20) with a
// new default. The rebuild, which runs before the column's AlterColumn,
// set that column's new default while the column was still of the enum
// type: "invalid input value for enum". The rebuild must drop the
// column's old default (which may name a dropped value) and leave the
// new one to the AlterColumn; the upgrade, the downgrade and replay must
// agree with the database. A change that only adds values is no rebuild
// for such a column.
func TestEnumRebuildWithColumnLeavingTheType(t *testing.T) {
	t.Parallel()
	v1 := db(tbl("tasks").col("id", "bigint").def("s", "st", "'b'").def("k", "st", "'a'").pk("id"))
	v1.Enums = []*schema.Enum{enum("st", "a", "b", "c")}
	for _, tc := range []struct {
		name   string
		values []string
		// rebuilds says whether the enum change rebuilds the type.
		rebuilds bool
	}{
		{"value dropped", []string{"a", "c"}, true},
		{"value moved", []string{"c", "a", "b"}, true},
		{"value added", []string{"a", "b", "c", "d"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v2 := db(tbl("tasks").col("id", "bigint").def("s", "varchar(20)", "'it''s'").def("k", "st", "'a'").pk("id"))
			v2.Enums = []*schema.Enum{enum("st", tc.values...)}
			pg, dbURL := pgtest.DB(t)
			up1 := diff(t, nil, v1)
			apply(t, pg, "create", up1)
			if _, err := pg.Exec(`INSERT INTO tasks (id) VALUES (1)`); err != nil {
				t.Fatal(err)
			}
			up2 := diff(t, v1, v2)
			var ae change.AlterEnum
			for _, c := range up2 {
				if c, ok := c.(change.AlterEnum); ok {
					ae = c
				}
			}
			if ae.Rebuilds() != tc.rebuilds {
				t.Errorf("the enum change rebuilds: %v, want %v:%s", ae.Rebuilds(), tc.rebuilds, describeAll(up2))
			}
			apply(t, pg, "upgrade", up2)
			if cs := livePlan(t, pg, dbURL, v2); len(cs) > 0 {
				t.Errorf("after the upgrade, the live plan is not empty:%s", describeAll(cs))
			}
			if cs := offlinePlan(t, [][]change.Change{up1, up2}, v2); len(cs) > 0 {
				t.Errorf("after the upgrade, the offline plan is not empty:%s", describeAll(cs))
			}
			apply(t, pg, "downgrade", reverse(t, up2))
			if cs := livePlan(t, pg, dbURL, v1); len(cs) > 0 {
				t.Errorf("after the downgrade, the live plan is not empty:%s", describeAll(cs))
			}
			if cs := offlinePlan(t, [][]change.Change{up1, up2, reverse(t, up2)}, v1); len(cs) > 0 {
				t.Errorf("after the downgrade, the offline plan is not empty:%s", describeAll(cs))
			}
		})
	}
}
