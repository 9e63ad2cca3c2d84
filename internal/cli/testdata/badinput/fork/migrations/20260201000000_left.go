// left branch
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000000",
		DownRevision: []string{"20260101000000"},
		Message:      "left branch",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "left_t", Columns: []*migrate.Column{{Name: "id", Type: "bigint"}}, PrimaryKey: &migrate.PrimaryKey{Name: "left_t_pkey", Columns: []string{"id"}}})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable("left_t")
		},
	})
}
