package migrations

import "github.com/schemagen/schemagen/migrate"

// Drop a table and columns, archived until pruned
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260120090000",
		DownRevision: []string{"20260119090000"},
		Message:      "Drop a table and columns, archived until pruned",
		Upgrade: func(op *migrate.Op) {
			// hazard data-loss: dropping column user.nick first copies its values with the primary
			// key to schemagen_archive.20260120090000_public_user_nick_d21f9387 (a full read of
			// table user), where they stay until `schemagen prune` deletes them; the downgrade puts
			// them back.
			op.ArchiveColumn("user", "nick", "20260120090000_public_user_nick_d21f9387")
			// hazard data-loss: dropping table billing.payers moves it, instantly and with every
			// row, to schema schemagen_archive_20260120090000_billing_payers_95d021c9, where it
			// stays until `schemagen prune` deletes it; the downgrade moves it back.
			op.ArchiveTable(
				"billing.payers",
				"schemagen_archive_20260120090000_billing_payers_95d021c9",
			)
			// hazard data-loss: dropping table scratch deletes every row it holds.
			// hazard irreversible-downgrade: the downgrade recreates table scratch empty: its rows
			// cannot be restored.
			op.DropTable("scratch")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateTableNamed("scratch", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "a", Type: "text", Nullable: true},
				},
			})
			op.RestoreTable(
				"billing.payers",
				"schemagen_archive_20260120090000_billing_payers_95d021c9",
				migrate.Table{
					Columns: []*migrate.Column{
						{Name: "id", Type: "bigint"},
						{Name: "name", Type: "text", Nullable: true},
					},
					PrimaryKey: &migrate.PrimaryKey{Name: "payers_pkey", Columns: []string{"id"}},
					Indexes: []*migrate.Index{
						{Name: "payers_name_idx", Columns: []string{"name"}},
					},
				},
			)
			op.RestoreColumn("user", "20260120090000_public_user_nick_d21f9387", migrate.Column{
				Name:    "nick",
				Type:    "text",
				Default: "''",
			})
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardIrreversibleDowngrade,
		// },
	})
}
