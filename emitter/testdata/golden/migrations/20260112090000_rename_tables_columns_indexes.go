package migrations

import "github.com/schemagen/schemagen/migrate"

// Rename tables, columns, indexes and constraints
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260112090000",
		DownRevision: []string{"20260111090000"},
		Message:      "Rename tables, columns, indexes and constraints",
		Upgrade: func(op *migrate.Op) {
			op.RenameTable("public.v1.legacy", "legacy")
			op.RenameTable("billing.payers", "payers")
			op.RenameTable("docs", `billing.Docs "v2"`)
			op.RenameColumn("user", "select", "choice")
			op.RenameColumn("billing.invoice lines", "invoice_number", `say "no"`)
			op.RenameIndex("billing.Invoices", "Invoices_created_at_idx", "invoices_created_idx")
			op.RenameConstraint("user", "user_select_key", "user_choice_key")
			op.RenameConstraint(
				"billing.Invoices",
				"Invoices_number_check",
				"invoices number check",
			)
		},
		Downgrade: func(op *migrate.Op) {
			op.RenameConstraint(
				"billing.Invoices",
				"invoices number check",
				"Invoices_number_check",
			)
			op.RenameConstraint("user", "user_choice_key", "user_select_key")
			op.RenameIndex("billing.Invoices", "invoices_created_idx", "Invoices_created_at_idx")
			op.RenameColumn("billing.invoice lines", `say "no"`, "invoice_number")
			op.RenameColumn("user", "choice", "select")
			op.RenameTable(`billing.Docs "v2"`, "docs")
			op.RenameTable("payers", "billing.payers")
			op.RenameTable("legacy", "public.v1.legacy")
		},
	})
}
