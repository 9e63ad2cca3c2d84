package migrate_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// TestNarrowingTypeChange changes a varchar(20) column holding 1,000
// values of 15 characters to varchar(10): the upgrade fails with "value
// too long" and no value changes (USING c::varchar(10) would have cut
// them all). The hazard still names the change. text to integer still
// converts, with USING.
func TestNarrowingTypeChange(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	for _, stmt := range []string{
		`CREATE TABLE items (id int PRIMARY KEY, code varchar(20) NOT NULL, qty text NOT NULL)`,
		`INSERT INTO items SELECT i, lpad(i::text, 15, 'x'), i::text FROM generate_series(1, 1000) i`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	narrow := func(op *migrate.Op) {
		op.AlterColumn("items", migrate.Column{Name: "code", Type: "varchar(20)"}, migrate.Column{Name: "code", Type: "varchar(10)"})
	}
	hazards := change.UnallowedHazards(migrate.Record(narrow), false, nil)
	if !slices.ContainsFunc(hazards, func(h change.Hazard) bool {
		return h.Kind == migrate.HazardDataLoss && strings.Contains(h.Message, "varchar(20) to varchar(10)")
	}) {
		t.Errorf("hazards of varchar(20) -> varchar(10) = %v, want a data-loss hazard naming the change", hazards)
	}
	set := newSet(
		migrate.Migration{Revision: "1", Message: "narrow", Upgrade: narrow, AllowHazards: change.HazardKinds()},
	)
	m := newMigrator(t, db, set)
	_, err := m.Upgrade(ctx, "head")
	if err == nil || !strings.Contains(err.Error(), "value too long for type character varying(10)") {
		t.Fatalf("Upgrade = %v, want it to fail with value too long", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM items WHERE length(code) = 15`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1000 {
		t.Errorf("%d of 1000 values keep their 15 characters", n)
	}
	var typ string
	if err := db.QueryRowContext(ctx, `SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'code'`).Scan(&typ); err != nil {
		t.Fatal(err)
	}
	if typ != "character varying(20)" {
		t.Errorf("column code is %s, want character varying(20)", typ)
	}

	set = newSet(migrate.Migration{Revision: "1", Message: "qty to integer", AllowHazards: change.HazardKinds(), Upgrade: func(op *migrate.Op) {
		op.AlterColumn("items", migrate.Column{Name: "qty", Type: "text"}, migrate.Column{Name: "qty", Type: "integer"})
	}})
	if _, err := newMigrator(t, db, set).Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade text -> integer: %v", err)
	}
	var sum int
	if err := db.QueryRowContext(ctx, `SELECT sum(qty) FROM items`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 500500 {
		t.Errorf("sum(qty) = %d, want 500500", sum)
	}
}
