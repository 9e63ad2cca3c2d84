package migrations

import "github.com/schemagen/schemagen/migrate"

// Build index concurrently, no tx test
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260105090000",
		DownRevision: []string{"20260103090000"},
		Message:      "Build index concurrently, no tx test",
		Upgrade: func(op *migrate.Op) {
			op.Execute(`CREATE INDEX CONCURRENTLY "user_created_at_idx" ON "user" ("created_at")`)
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute(`DROP INDEX CONCURRENTLY "user_created_at_idx"`)
		},
		NoTransaction: true,
	})
}
