// Swap keys and constraints
package oldformat

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260103090000",
		DownRevision: []string{"20260102090000"},
		Message:      "Swap keys and constraints",
		Upgrade: func(op *migrate.Op) {
			op.DropPrimaryKey("billing.invoice lines", "invoice lines_pkey")
			// hazard long-lock: adding primary key legacy_pkey builds its index on table v1.legacy, blocking writes until it is done.
			op.AddPrimaryKey("public.v1.legacy", migrate.PrimaryKey{Name: "legacy_pkey", Columns: []string{"id"}})
			op.DropUnique("user", "user_Email_key")
			// hazard long-lock: adding unique constraint Invoices_number_key builds its index on table billing.Invoices, blocking writes until it is done (build the index concurrently first with `revision --online`).
			op.AddUnique("billing.Invoices", migrate.Unique{Name: "Invoices_number_key", Columns: []string{"number"}})
			op.DropForeignKey("billing.Invoices", "Invoices_user_id_fkey")
			// hazard long-lock: adding foreign key Invoices_user_id_fkey checks every row of table billing.Invoices, blocking writes to it and to user meanwhile (add it NOT VALID and validate it with `revision --online`).
			op.AddForeignKey("billing.Invoices", migrate.ForeignKey{Name: "Invoices_user_id_fkey", Columns: []string{"user_id"}, RefTable: "user", RefColumns: []string{"id"}, OnUpdate: "CASCADE"})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropForeignKey("billing.Invoices", "Invoices_user_id_fkey")
			op.AddForeignKey("billing.Invoices", migrate.ForeignKey{Name: "Invoices_user_id_fkey", Columns: []string{"user_id"}, RefTable: "user", RefColumns: []string{"id"}, OnDelete: "CASCADE"})
			op.DropUnique("billing.Invoices", "Invoices_number_key")
			op.AddUnique("user", migrate.Unique{Name: "user_Email_key", Columns: []string{"Email"}})
			op.DropPrimaryKey("public.v1.legacy", "legacy_pkey")
			op.AddPrimaryKey("billing.invoice lines", migrate.PrimaryKey{Name: "invoice lines_pkey", Columns: []string{"id"}})
		},
		// The upgrade has hazards (see the comments above its changes) that
		// `schemagen check` reports until they are acknowledged. Review them,
		// then acknowledge them by adding this field:
		// AllowHazards: []migrate.HazardKind{migrate.HazardLongLock},
	})
}
