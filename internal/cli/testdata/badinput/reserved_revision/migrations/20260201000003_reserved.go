// reserved heads
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision ID in .*migrations/20260201000003_reserved.go:7:10 cannot be used: "heads"`
		Revision:     "heads",
		DownRevision: []string{"20260101000000"},
		Message:      "reserved heads",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
