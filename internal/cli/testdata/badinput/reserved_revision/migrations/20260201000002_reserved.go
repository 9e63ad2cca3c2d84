// reserved head
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision ID in .*migrations/20260201000002_reserved.go:7:10 cannot be used: "head"`
		Revision:     "head",
		DownRevision: []string{"20260101000000"},
		Message:      "reserved head",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
