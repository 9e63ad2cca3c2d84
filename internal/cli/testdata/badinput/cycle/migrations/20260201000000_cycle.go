// one half of a cycle
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision cycle through 20260201000000, 20260201000001 \(in .*migrations/20260201000000_cycle.go:7:10, .*migrations/20260201000001_cycle.go:7:10\)`
		Revision:     "20260201000000",
		DownRevision: []string{"20260101000000", "20260201000001"},
		Message:      "cycle",
		Upgrade: func(op *migrate.Op) {
			op.Execute("SELECT 1")
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute("SELECT 1")
		},
	})
}
