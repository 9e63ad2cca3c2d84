package migrate_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// TestArchiveRunsInTheMigration: an archiving drop, its registry row and
// the version table commit together: a migration that fails after the
// archive leaves the table where it was and the registry empty; one that
// succeeds is undone by its downgrade with every row back, and a
// downgrade whose archive is gone says so through logf.
func TestArchiveRunsInTheMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	const archive = "schemagen_archive_200_public_first"
	restore := func(op *migrate.Op) {
		op.RestoreTable("first", archive, migrate.Table{
			Columns:    []*migrate.Column{{Name: "id", Type: "bigint", Identity: true}},
			PrimaryKey: &migrate.PrimaryKey{Name: "first_pkey", Columns: []string{"id"}},
		})
	}
	broken := newSet(mig("100", "first"), migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "broken",
		AllowHazards: []migrate.HazardKind{migrate.HazardDataLoss},
		Upgrade: func(op *migrate.Op) {
			op.ArchiveTable("first", archive)
			op.Execute("INSERT INTO nowhere VALUES (1)")
		},
		Downgrade: restore,
	})
	if _, err := newMigrator(t, db, broken).Upgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO first SELECT FROM generate_series(1, 10000)`); err != nil {
		t.Fatal(err)
	}
	if _, err := newMigrator(t, db, broken).Upgrade(ctx, "head"); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Fatalf("the broken migration: %v, want its failure at the INSERT", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM public.first`).Scan(&n); err != nil || n != 10000 {
		t.Fatalf("after the failed archive: %d rows in public.first (%v), want 10000", n, err)
	}
	var registry bool
	if err := db.QueryRow(`SELECT to_regclass('schemagen_archive.registry') IS NOT NULL`).Scan(&registry); err != nil || registry {
		t.Errorf("the failed migration left the registry (%v)", err)
	}

	var mu sync.Mutex
	var logs []string
	logf := migrate.WithLogf(func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, format)
		_ = args
	})
	good := newSet(mig("100", "first"), migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "archive",
		AllowHazards: []migrate.HazardKind{migrate.HazardDataLoss},
		Upgrade:      func(op *migrate.Op) { op.ArchiveTable("first", archive) },
		Downgrade:    restore,
	})
	m := newMigrator(t, db, good, logf)
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Downgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM public.first`).Scan(&n); err != nil || n != 10000 {
		t.Fatalf("after the downgrade: %d rows (%v), want 10000", n, err)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP SCHEMA ` + archive + ` CASCADE; DELETE FROM schemagen_archive.registry`); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Downgrade(ctx, "100"); err != nil {
		t.Fatalf("downgrade past a pruned archive: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(logs, "\n"), "finds archive %s gone (pruned)") {
		t.Errorf("no warning of the pruned archive in %q", logs)
	}
}
