// Backfill with hand-written SQL
package oldformat

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260107090000",
		DownRevision: []string{"20260106090000"},
		Message:      "Backfill with hand-written SQL",
		Upgrade: func(op *migrate.Op) {
			op.Execute("COMMENT ON TABLE \"user\" IS 'uses `backquotes`'")
			op.Execute(`UPDATE "user"
SET "select" = 'x'
WHERE "select" IS NULL`)
			op.Execute("SELECT 1;\r\n")
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute("SELECT `1`")
		},
	})
}
