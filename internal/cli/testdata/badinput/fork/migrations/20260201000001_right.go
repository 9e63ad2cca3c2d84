// right branch
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000001",
		DownRevision: []string{"20260101000000"},
		Message:      "right branch",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "right_t", Columns: []*migrate.Column{{Name: "id", Type: "bigint"}}, PrimaryKey: &migrate.PrimaryKey{Name: "right_t_pkey", Columns: []string{"id"}}})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable("right_t")
		},
	})
}
