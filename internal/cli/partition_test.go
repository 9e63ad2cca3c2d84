package cli

import (
	"os"
	"strings"
	"testing"
)

// partitionModels is a models package with a partitioned table whose
// partitions are the given directive lines, and an inheritance parent
// with the given children (each inherits vehicles, embedding Vehicle).
func partitionModels(extraColumn string, partitions []string, children ...string) string {
	var b strings.Builder
	b.WriteString(`// Package models holds a partitioned table and inheritance.
package models

import "time"

// Event is partitioned by day.
//
//schemagen:table events
//schemagen:partition by range (created_on)
`)
	for _, p := range partitions {
		b.WriteString("//schemagen:partition " + p + "\n")
	}
	b.WriteString(`//schemagen:index events_account_idx (account_id)
type Event struct {
	ID        int64     ` + "`db:\"id,pk,identity\"`" + `
	CreatedOn time.Time ` + "`db:\"created_on,pk,type:date\"`" + `
	AccountID int64     ` + "`db:\"account_id\"`" + `
` + extraColumn + `
}

// Vehicle is a parent.
//
//schemagen:table vehicles
type Vehicle struct {
	ID   int64  ` + "`db:\"id\"`" + `
	Name string ` + "`db:\"name\"`" + `
}
`)
	for _, c := range children {
		typ := strings.ToUpper(c[:1]) + c[1:]
		b.WriteString(`
// ` + typ + ` inherits vehicles.
//
//schemagen:table ` + c + `
//schemagen:inherits vehicles
type ` + typ + ` struct {
	Vehicle
	Wheels int32 ` + "`db:\"wheels\"`" + `
}
`)
	}
	return b.String()
}

// TestPartitionModels is the model-side round trip of
// //schemagen:partition and //schemagen:inherits: v1 upgrades and checks
// clean (live and offline); v2 (a partition's bound moved, a partition
// added, a column added to the partitioned table, a child added) is
// drift until its revision upgrades; downgrade base leaves only the
// version table.
func TestPartitionModels(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	v1 := partitionModels("", []string{
		"events_2024 for values from ('2024-01-01') to ('2025-01-01')",
		"events_rest default",
		// A bound of a bigint key written (1): PostgreSQL stores ('1').
		"events_old for values from (MINVALUE) to ('2023-01-01') partition by range (id)",
		"events_old_a of events_old for values from (1) to (1000)",
	}, "cars")
	v2 := partitionModels("\tNote *string `db:\"note\"`", []string{
		"events_2024 for values from ('2023-07-01') to ('2025-01-01')",
		"events_2025 for values from ('2025-01-01') to ('2026-01-01')",
		"events_rest default",
		"events_old for values from (MINVALUE) to ('2023-01-01') partition by range (id)",
		"events_old_a of events_old for values from (1) to (1000)",
	}, "cars", "bikes")
	m.writeModels(v1)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "partitions")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")

	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`INSERT INTO events (created_on, account_id) VALUES ('2024-03-01', 1), ('2019-01-01', 2);
INSERT INTO cars (id, name, wheels) VALUES (1, 'a', 4)`); err != nil {
		t.Fatal(err)
	}

	m.writeModels(v2)
	m.must(ExitDrift, "check")
	m.must(ExitDrift, "check", "--offline")
	// Attaching events_2024 with its new bound checks its rows.
	m.must(ExitOK, "revision", "--autogenerate", "--allow-hazards", "long-lock", "-m", "more partitions")
	var all strings.Builder
	for _, f := range m.migrationFiles() {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(src)
	}
	for _, want := range []string{"op.DetachPartition(", "op.AttachPartition(", "PartitionBy:", "Inherits:"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the migrations hold no %s:\n%s", want, all.String())
		}
	}
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM events_2024`).Scan(&n); err != nil || n != 1 {
		t.Errorf("events_2024 holds %d rows (%v), want its 1 row kept through the bound change", n, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM vehicles`).Scan(&n); err != nil || n != 1 {
		t.Errorf("vehicles (with its children) holds %d rows (%v), want 1", n, err)
	}

	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
}
