package migrations

import "github.com/schemagen/schemagen/migrate"

// Online plan with acknowledged hazards
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260113090000",
		DownRevision: []string{"20260112090000"},
		Message:      "Online plan with acknowledged hazards",
		Upgrade: func(op *migrate.Op) {
			op.DropIndexConcurrently("user", "user_choice_idx")
			op.CreateIndexConcurrently("user", migrate.Index{
				Name:    "user_created_idx",
				Columns: []string{"created_at"},
			})
			op.CreateIndexConcurrently("user", migrate.Index{
				Name:    "user_Email_key",
				Columns: []string{"Email"},
				Unique:  true,
			})
			op.AddUniqueUsingIndex("user", migrate.Unique{
				Name:    "user_Email_key",
				Columns: []string{"Email"},
			})
			op.AddForeignKeyNotValid("billing.Invoices", migrate.ForeignKey{
				Name:       "Invoices_payer_fkey",
				Columns:    []string{"payer_id"},
				RefTable:   "payers",
				RefColumns: []string{"id"},
			})
			op.ValidateConstraint("billing.Invoices", "Invoices_payer_fkey")
			op.AddCheckNotValid("user", migrate.Check{
				Name: "user_Email_not_null",
				Expr: `"Email" IS NOT NULL`,
			})
			op.ValidateConstraint("user", "user_Email_not_null")
			op.AlterColumn(
				"user",
				migrate.Column{Name: "Email", Type: "text", Nullable: true},
				migrate.Column{Name: "Email", Type: "text"},
			)
			op.DropCheck("user", "user_Email_not_null")
			// hazard data-loss: dropping column user.legacy deletes the data it holds.
			// hazard irreversible-downgrade: the downgrade adds column user.legacy back empty: its
			// values cannot be restored.
			op.DropColumn("user", "legacy")
			// hazard data-loss: changing column user.score from bigint to integer may fail on, or
			// cut, values the new type cannot hold.
			// hazard table-rewrite: changing the type of column user.score rewrites table user
			// under an ACCESS EXCLUSIVE lock, blocking reads and writes.
			// hazard irreversible-downgrade: the downgrade converts column user.score back from
			// integer to bigint, which may fail on, or cut, values written since.
			op.AlterColumn(
				"user",
				migrate.Column{Name: "score", Type: "bigint", Nullable: true},
				migrate.Column{Name: "score", Type: "integer", Nullable: true},
			)
		},
		Downgrade: func(op *migrate.Op) {
			op.AlterColumn(
				"user",
				migrate.Column{Name: "score", Type: "integer", Nullable: true},
				migrate.Column{Name: "score", Type: "bigint", Nullable: true},
			)
			op.AddColumn("user", migrate.Column{Name: "legacy", Type: "text", Nullable: true})
			op.AlterColumn(
				"user",
				migrate.Column{Name: "Email", Type: "text"},
				migrate.Column{Name: "Email", Type: "text", Nullable: true},
			)
			op.DropForeignKey("billing.Invoices", "Invoices_payer_fkey")
			op.DropUnique("user", "user_Email_key")
			op.DropIndexConcurrently("user", "user_created_idx")
			op.CreateIndexConcurrently("user", migrate.Index{
				Name:    "user_choice_idx",
				Columns: []string{"choice"},
			})
		},
		NoTransaction: true,
		AllowHazards:  []migrate.HazardKind{migrate.HazardDataLoss},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by replacing
		// AllowHazards above with:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardTableRewrite,
		// 	migrate.HazardIrreversibleDowngrade,
		// },
	})
}
