package migrations

import "github.com/schemagen/schemagen/migrate"

// Merge heads
//
// Joins the indexes branch and the concurrent-index branch.
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260106090000",
		DownRevision: []string{"20260104090000", "20260105090000"},
		Message:      "Merge heads\n\nJoins the indexes branch and the concurrent-index branch.",
		Upgrade: func(op *migrate.Op) {
			// nothing to do
		},
		Downgrade: func(op *migrate.Op) {
			// nothing to do
		},
	})
}
