// drop flag: a data-loss hazard that the file does not acknowledge
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260301000000",
		DownRevision: []string{"20260102000000"},
		Message:      "drop flag",
		// The irreversible downgrade is acknowledged; the data loss is not.
		AllowHazards: []migrate.HazardKind{migrate.HazardIrreversibleDowngrade},
		Upgrade: func(op *migrate.Op) {
			op.DropColumn("extra", "flag")
		},
		Downgrade: func(op *migrate.Op) {
			op.AddColumn("extra", migrate.Column{Name: "flag", Type: "boolean", Nullable: true})
		},
	})
}
