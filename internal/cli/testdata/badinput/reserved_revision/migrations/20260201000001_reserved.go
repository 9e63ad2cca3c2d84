// reserved base
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision ID in .*migrations/20260201000001_reserved.go:7:10 cannot be used: "base"`
		Revision:     "base",
		DownRevision: []string{"20260101000000"},
		Message:      "reserved base",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
