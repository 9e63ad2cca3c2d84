// merge
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000002",
		DownRevision: []string{"20260201000000", "20260201000001"},
		Message:      "merge",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
