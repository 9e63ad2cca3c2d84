package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// TestGoStepConcurrently (found by review): a Go step of a migration
// outside a transaction that builds an index concurrently worked before Go
// steps got a transaction of their own; now it fails, and the error says
// why and what to do (op.RunBatched), not only PostgreSQL's "cannot run
// inside a transaction block". From op.RunBatched it works.
func TestGoStepConcurrently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := newSet(
		migrate.Migration{
			Revision: "100", Message: "t",
			Upgrade:   func(op *migrate.Op) { op.Execute(`CREATE TABLE "public"."t" ("id" integer PRIMARY KEY, "v" integer)`) },
			Downgrade: func(op *migrate.Op) { op.Execute(`DROP TABLE "public"."t"`) },
		},
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "index", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.Run(func(ctx context.Context, q migrate.Querier) error {
					_, err := q.ExecContext(ctx, `CREATE INDEX CONCURRENTLY "t_v" ON "public"."t" ("v")`)
					return err
				})
			},
			Downgrade: func(op *migrate.Op) {},
		},
	)
	m := newMigrator(t, db, set)
	_, err := m.Upgrade(ctx, "head")
	if err == nil {
		t.Fatal("upgrade succeeded")
	}
	if !strings.Contains(err.Error(), "RunBatched") {
		t.Errorf("the error does not point at op.RunBatched: %v", err)
	}
	batched := newSet(*set.Migrations()[0], migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "index", NoTransaction: true,
		Upgrade: func(op *migrate.Op) {
			op.RunBatched(func(ctx context.Context, q migrate.Querier) error {
				_, err := q.ExecContext(ctx, `CREATE INDEX CONCURRENTLY "t_v" ON "public"."t" ("v")`)
				return err
			})
		},
		Downgrade: func(op *migrate.Op) {},
	})
	if _, err := newMigrator(t, db, batched).Upgrade(ctx, "head"); err != nil {
		t.Errorf("upgrade with op.RunBatched: %v", err)
	}
}
