// create ledger, no downgrade
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000000",
		DownRevision: []string{"20260101000000"},
		Message:      "create ledger, no downgrade",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "ledger", Columns: []*migrate.Column{{Name: "id", Type: "bigint"}}, PrimaryKey: &migrate.PrimaryKey{Name: "ledger_pkey", Columns: []string{"id"}}})
		},
	})
}
