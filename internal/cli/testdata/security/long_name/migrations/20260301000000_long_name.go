// long name: a column name that PostgreSQL would truncate to 63 bytes
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260301000000",
		DownRevision: []string{"20260102000000"},
		Message:      "long name",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("extra", migrate.Column{Name: "a_column_name_that_is_far_longer_than_the_sixty_three_bytes_postgres_keeps", Type: "text", Nullable: true})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropColumn("extra", "a_column_name_that_is_far_longer_than_the_sixty_three_bytes_postgres_keeps")
		},
	})
}
