package differ_test

import (
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestForeignKeyAcrossTypeChange (found by the generative test of issue
// 12, seed 50035 with -gen.online=0.5): a key column and the columns whose
// foreign keys reference it change type together (bigint to text). The
// plan changed them one ALTER TABLE at a time, and the first failed:
// "foreign key constraint ... cannot be implemented", a text key under a
// bigint reference. The foreign keys of columns that change type, on
// either side, are dropped before and added after; the upgrade, the
// downgrade and replay must agree with the database, rows included.
func TestForeignKeyAcrossTypeChange(t *testing.T) {
	t.Parallel()
	schemaWith := func(typ string) *schema.Schema {
		return db(
			tbl("p").col("id", typ).null("up", typ).pk("id").fk("up", "p.id"),
			tbl("c").col("id", "int").null("r", typ).pk("id").fk("r", "p.id").onDelete("cascade"),
		)
	}
	v1, v2 := schemaWith("bigint"), schemaWith("text")
	pg, dbURL := pgtest.DB(t)
	up1 := diff(t, nil, v1)
	apply(t, pg, "create", up1)
	if _, err := pg.Exec(`INSERT INTO p VALUES (1, NULL), (2, 1); INSERT INTO c VALUES (1, 2), (2, NULL)`); err != nil {
		t.Fatal(err)
	}
	up2 := diff(t, v1, v2)
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
	var rows string
	if err := pg.QueryRow(`SELECT string_agg(concat_ws(':', c.id, c.r, p.up), ' ' ORDER BY c.id) FROM c LEFT JOIN p ON p.id = c.r`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != "1:2:1 2" {
		t.Errorf("rows after the upgrade and downgrade: %q", rows)
	}
}
