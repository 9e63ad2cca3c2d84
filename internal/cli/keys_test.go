package cli

import (
	"strings"
	"testing"
)

// keyModels is a models package whose keys the field options cannot
// say: a composite primary key of a legacy name whose columns are not in
// field order, a unique constraint in another order than the fields', a
// composite foreign key to it of a name of its own, deferrable, and a
// foreign key to a unique constraint with the columns in another order
// than the key's. v2 changes each of them.
func keyModels(v2 bool) string {
	pk, uq, fk, fkTiming, fk2 := "orders_key (number, region)", "orders_ref_uq (ref, region)",
		"lines_order_fk (region, number) references shop.orders (region, number) on delete cascade",
		"lines_order_fk initially deferred", "lines_ref_fk (region, ref) references shop.orders (region, ref)"
	if v2 {
		pk, uq, fk, fkTiming, fk2 = "orders_pk (region, number)", "orders_ref_uq (ref, region) nulls not distinct",
			"lines_orders_fk (region, number) references shop.orders on update cascade",
			"lines_orders_fk", "lines_ref_fk (ref, region) references shop.orders (ref, region) on delete set null"
	}
	return `// Package models has keys of table directives.
package models

// Order is an order.
//
//schemagen:table shop.orders
//schemagen:primarykey ` + pk + `
//schemagen:unique ` + uq + `
type Order struct {
	Region int32  ` + "`db:\"region\"`" + `
	Number int64  ` + "`db:\"number\"`" + `
	Ref    string ` + "`db:\"ref\"`" + `
}

// Line is a line of an order.
//
//schemagen:table shop.lines
//schemagen:primarykey (region, number, line)
//schemagen:foreignkey ` + fk + `
//schemagen:deferrable ` + fkTiming + `
//schemagen:foreignkey ` + fk2 + `
type Line struct {
	Line   int32   ` + "`db:\"line\"`" + `
	Region int32   ` + "`db:\"region\"`" + `
	Number int64   ` + "`db:\"number\"`" + `
	Ref    *string ` + "`db:\"ref\"`" + `
}
`
}

// TestKeyDirectivesRoundTrip: models with keys of table directives are
// created, checked clean in every mode, changed (drift), migrated,
// checked clean again, and downgraded to base, which leaves only the
// version table.
func TestKeyDirectivesRoundTrip(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(keyModels(false))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		m.must(ExitOK, "check", "--mode", mode)
	}

	m.writeModels(keyModels(true))
	m.must(ExitDrift, "check", "--mode", modeOffline)
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "change keys")
	src := readNewest(t, m)
	for _, want := range []string{"lines_orders_fk", "orders_pk", "NullsNotDistinct"} {
		if !strings.Contains(src, want) {
			t.Errorf("the second migration lacks %s:\n%s\n%s", want, out, src)
		}
	}
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		m.must(ExitOK, "check", "--mode", mode)
	}

	m.must(ExitOK, "downgrade", "base")
	db := openURL(t, m.dbURL)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("after downgrade base: %d tables left in schema shop", n)
	}
}
