// add flag
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260102000000",
		DownRevision: []string{"20260101000000"},
		Message:      "add flag",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("extra", migrate.Column{Name: "flag", Type: "boolean", Nullable: true})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropColumn("extra", "flag")
		},
	})
}
