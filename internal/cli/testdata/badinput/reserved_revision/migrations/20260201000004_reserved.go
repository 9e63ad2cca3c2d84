// reserved +1
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision ID in .*migrations/20260201000004_reserved.go:7:10 cannot be used: "\+1"`
		Revision:     "+1",
		DownRevision: []string{"20260101000000"},
		Message:      "reserved +1",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
