// a migration whose parent no file has
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{ // want `revision 20260201000000 \(.*migrations/20260201000000_orphan.go:7:10\) has missing parent 20250101000000`
		Revision:     "20260201000000",
		DownRevision: []string{"20250101000000"},
		Message:      "orphan",
		Upgrade: func(op *migrate.Op) {
			op.Execute("CREATE TABLE orphan (id int)")
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute("DROP TABLE orphan")
		},
	})
}
