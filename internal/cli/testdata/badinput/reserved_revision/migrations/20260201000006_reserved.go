// reserved a:b
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision ID in .*migrations/20260201000006_reserved.go:7:10 cannot be used: "a:b"`
		Revision:     "a:b",
		DownRevision: []string{"20260101000000"},
		Message:      "reserved a:b",
		Upgrade: func(op *migrate.Op) {

		},
		Downgrade: func(op *migrate.Op) {},
	})
}
