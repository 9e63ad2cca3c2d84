// create sentinel
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260101000000",
		DownRevision: nil,
		Message:      "create sentinel",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{
				Name: "sentinel",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint"},
					{Name: "note", Type: "text"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "sentinel_pkey", Columns: []string{"id"}},
			})
			op.CreateTable(migrate.Table{
				Name: "extra",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint"},
					{Name: "sentinel_id", Type: "bigint", Nullable: true},
					{Name: "label", Type: "varchar(20)", Default: "'none'"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "extra_pkey", Columns: []string{"id"}},
			})
			op.ExecuteData("INSERT INTO sentinel (id, note) SELECT g, 'row ' || g FROM generate_series(1, 100) AS g")
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable("extra")
			op.DropTable("sentinel")
		},
	})
}
