package cli

import (
	"os"
	"strings"
	"testing"
)

// tableAttrModels is a models package using every directive of table
// attributes: a schema comment, an exclusion constraint, deferrable keys,
// a NO INHERIT check, UNLOGGED, storage parameters of the table and an
// index, row security. v2 changes each of them.
func tableAttrModels(v2 bool) string {
	comment, excl, deferred, unlogged, with, rls, check, ixWith := "Bookings of rooms.",
		"using gist (during with &&) where (not cancelled)", "initially deferred", "//schemagen:unlogged\n",
		"fillfactor=70 autovacuum_enabled=false", "//schemagen:rowsecurity force\n", "id > 0 NO INHERIT", "fillfactor=80"
	if v2 {
		comment, excl, deferred, unlogged, with, rls, check, ixWith = "Bookings of rooms, 'v2'.",
			"USING gist (during WITH &&) DEFERRABLE", "initially immediate", "",
			"fillfactor=60 toast.autovacuum_enabled=false", "//schemagen:rowsecurity\n", "id > 0", "fillfactor=90"
	}
	return `// Package models uses every table attribute.
//
//schemagen:schema hotel comment ` + comment + `
package models

// Room is a room.
//
//schemagen:table hotel.rooms
type Room struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
}

// Booking is a stay in a room.
//
//schemagen:table hotel.bookings
//schemagen:exclude bookings_no_overlap ` + excl + `
//schemagen:deferrable bookings_room_id_fkey ` + deferred + `
//schemagen:deferrable bookings_ref_key
` + unlogged + `//schemagen:with ` + with + `
` + rls + `//schemagen:check bookings_id_check ` + check + `
//schemagen:index bookings_ref_idx (lower(ref)) with (` + ixWith + `)
type Booking struct {
	ID        int64  ` + "`db:\"id,pk\"`" + `
	RoomID    int64  ` + "`db:\"room_id,fk:hotel.rooms.id\"`" + `
	Ref       string ` + "`db:\"ref,unique\"`" + `
	During    string ` + "`db:\"during,type:tstzrange\"`" + `
	Cancelled bool   ` + "`db:\"cancelled,default:false\"`" + `
}
`
}

// TestTableAttrsRoundTrip: models with table attributes are created,
// checked clean in every mode, changed (drift), migrated, checked clean
// again, and downgraded to base, which leaves only the version table.
func TestTableAttrsRoundTrip(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(tableAttrModels(false))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		m.must(ExitOK, "check", "--mode", mode)
	}

	m.writeModels(tableAttrModels(true))
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		m.must(ExitDrift, "check", "--mode", mode)
	}
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "change attributes")
	for _, want := range []string{"AlterTable", "AddExclusion", "AlterConstraint", "SetSchemaComment"} {
		if !strings.Contains(readNewest(t, m), "op."+want) {
			t.Errorf("the second migration lacks op.%s:\n%s", want, out)
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
	var names string
	if err := db.QueryRow(`SELECT count(*), coalesce(string_agg(schemaname || '.' || tablename, ', '), '') FROM pg_tables
		WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE 'schemagen\_version%'`).Scan(&n, &names); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("after downgrade base: tables %s, want only the version tables", names)
	}
	var hotel bool
	if err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'hotel')`).Scan(&hotel); err != nil {
		t.Fatal(err)
	}
	if hotel {
		t.Errorf("after downgrade base: schema hotel is left")
	}
}

// readNewest returns the source of the newest migration file of m.
func readNewest(t *testing.T, m *testModule) string {
	t.Helper()
	files := m.migrationFiles()
	return readFileString(t, files[len(files)-1])
}

// readFileString returns the content of the file path.
func readFileString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
