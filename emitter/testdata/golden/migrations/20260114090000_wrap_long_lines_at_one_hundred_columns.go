package migrations

import "github.com/schemagen/schemagen/migrate"

// Wrap long lines at one hundred columns: a message, hazard comments, literals and calls that do
// not fit - whatever their names - 1. stay readable
//
//	an indented line stays as it is, however long it is, since a doc comment reads it as code
//
// - a list item
// - another
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260114090000",
		DownRevision: []string{"20260113090000"},
		Message:      "Wrap long lines at one hundred columns: a message, hazard comments, literals and calls that do not fit - whatever their names - 1. stay readable\n\n\tan indented line stays as it is, however long it is, since a doc comment reads it as code\n\n- a list item\n- another",
		Upgrade: func(op *migrate.Op) {
			op.CreateTableNamed(
				"billing.general_ledger_entries_by_accounting_period",
				migrate.Table{
					Columns: []*migrate.Column{
						{Name: "id", Type: "bigint", Identity: true},
						{
							Name:    "posted_at_in_the_ledger_timezone",
							Type:    "timestamp with time zone",
							Default: "(now() AT TIME ZONE 'Europe/Amsterdam')",
						},
						{
							Name:    "amount",
							Type:    "numeric(18,4)",
							Default: "0",
							Comment: "the amount of the entry, in the currency of the ledger it belongs to",
						},
					},
					PrimaryKey: &migrate.PrimaryKey{
						Name:    "general_ledger_entries_by_accounting_period_pkey",
						Columns: []string{"id"},
					},
					Indexes: []*migrate.Index{
						{
							Name:    "general_ledger_entries_by_accounting_period_posted_idx",
							Columns: []string{"posted_at_in_the_ledger_timezone", "amount", "id"},
						},
					},
				},
			)
			op.CreateEnum(migrate.Enum{
				Schema: "billing",
				Name:   "entry_kind",
				Values: []string{
					"opening_balance", "invoice", "credit_note", "payment", "refund", "write_off",
					"currency_revaluation", "accrual", "deferral", "depreciation",
					"closing_balance",
				},
			})
			op.AddColumn("billing.general_ledger_entries_by_accounting_period", migrate.Column{
				Name:     "a_rather_long_identifier_that_takes_up_room",
				Type:     "billing.entry_kind",
				Nullable: true,
			})
			// hazard data-loss: dropping column
			// user.a_rather_long_identifier_that_takes_up_room_too deletes the data it holds.
			// hazard irreversible-downgrade: the downgrade adds column
			// user.a_rather_long_identifier_that_takes_up_room_too back empty: its values cannot be
			// restored.
			op.DropColumn("user", "a_rather_long_identifier_that_takes_up_room_too")
			op.RenameConstraint(
				"billing.general_ledger_entries_by_accounting_period",
				"general_ledger_entries_by_accounting_period_pkey",
				"general_ledger_entries_by_accounting_period_primary_key",
			)
			op.SetTableComment(
				"billing.general_ledger_entries_by_accounting_period",
				"One row per entry of the general ledger; entries are never updated, a correction is a new entry.",
			)
			op.Execute(`UPDATE billing.general_ledger_entries_by_accounting_period SET amount = 0 WHERE amount IS NULL`)
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute(`UPDATE billing.general_ledger_entries_by_accounting_period SET amount = 0 WHERE amount IS NULL`)
			op.SetTableComment("billing.general_ledger_entries_by_accounting_period", "")
			op.RenameConstraint(
				"billing.general_ledger_entries_by_accounting_period",
				"general_ledger_entries_by_accounting_period_primary_key",
				"general_ledger_entries_by_accounting_period_pkey",
			)
			op.AddColumn("user", migrate.Column{
				Name:     "a_rather_long_identifier_that_takes_up_room_too",
				Type:     "text",
				Nullable: true,
			})
			op.DropColumn(
				"billing.general_ledger_entries_by_accounting_period",
				"a_rather_long_identifier_that_takes_up_room",
			)
			op.DropEnum("billing.entry_kind")
			op.DropTable("billing.general_ledger_entries_by_accounting_period")
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardIrreversibleDowngrade,
		// },
	})
}
