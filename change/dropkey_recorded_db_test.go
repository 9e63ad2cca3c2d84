package change_test

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// TestDropUniqueIndexUnderForeignKeyRecorded (found by review): a
// migration file drops an index with op.DropIndex(table, name), which
// records the name alone; whether the index is unique, and tied to a
// foreign key, is found at run time, so the drop of a unique index that a
// foreign key uses, which another unique index covers, works there too
// (it failed with 2BP01, as before the fix of seed 300076).
func TestDropUniqueIndexUnderForeignKeyRecorded(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t1 (id int PRIMARY KEY, c4 bigint, c10 bigint);
		CREATE UNIQUE INDEX k24 ON t1 (c4);
		ALTER TABLE t1 ADD CONSTRAINT t1_c10_fkey FOREIGN KEY (c10) REFERENCES t1 (c4);
		ALTER TABLE t1 ADD CONSTRAINT t1_c4_key UNIQUE (c4);`); err != nil {
		t.Fatal(err)
	}
	cs := migrate.Record(func(op *migrate.Op) { op.DropIndex("t1", "k24") })
	if len(cs) != 1 {
		t.Fatalf("recorded %d changes, want 1", len(cs))
	}
	stmts, err := change.SQL(cs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("op.DropIndex of a unique index another covers, under a foreign key: %v\n%s", err, s)
		}
	}
	var ix string
	if err := db.QueryRowContext(ctx, `SELECT conindid::regclass::text FROM pg_constraint WHERE conname = 't1_c10_fkey'`).Scan(&ix); err != nil || ix != "t1_c4_key" {
		t.Errorf("the foreign key uses %q (%v), want t1_c4_key", ix, err)
	}
}
