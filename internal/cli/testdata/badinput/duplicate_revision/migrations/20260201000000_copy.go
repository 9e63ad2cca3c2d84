// a copy of the first migration that kept its revision
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `duplicate revision 20260101000000 in .*migrations/20260201000000_copy.go:7:10, also in .*migrations/20260101000000_create_customer.go:7:10`
		Revision:     "20260101000000",
		DownRevision: nil,
		Message:      "copy",
		Upgrade: func(op *migrate.Op) {
			op.Execute("CREATE TABLE copy (id int)")
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute("DROP TABLE copy")
		},
	})
}
