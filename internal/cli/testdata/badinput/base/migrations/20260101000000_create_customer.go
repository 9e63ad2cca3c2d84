// create customer
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260101000000",
		DownRevision: nil,
		Message:      "create customer",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{
				Name: "customer",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "token", Type: "uuid"},
					{Name: "name", Type: "text"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "customer_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{Name: "customer_token_key", Columns: []string{"token"}},
				},
			})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable("customer")
		},
	})
}
