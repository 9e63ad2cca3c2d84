package migrations

import "github.com/schemagen/schemagen/migrate"

// Create and drop indexes
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260104090000",
		DownRevision: []string{"20260103090000"},
		Message:      "Create and drop indexes",
		Upgrade: func(op *migrate.Op) {
			// hazard long-lock: building index Invoices_created_at_idx on table billing.Invoices
			// blocks writes to it until the build is done (build it concurrently with
			// `revision --online`).
			op.CreateIndex("billing.Invoices", migrate.Index{
				Name:    "Invoices_created_at_idx",
				Columns: []string{"created_at"},
			})
			// hazard long-lock: building index user_lower_email on table user blocks writes to it
			// until the build is done (build it concurrently with `revision --online`).
			op.CreateIndex("user", migrate.Index{
				Name:    "user_lower_email",
				Columns: []string{"Email", "select"},
				Unique:  true,
			})
			op.DropIndex("public.v1.legacy", "legacy_id_idx")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateIndex("public.v1.legacy", migrate.Index{
				Name:    "legacy_id_idx",
				Columns: []string{"id"},
			})
			op.DropIndex("user", "user_lower_email")
			op.DropIndex("billing.Invoices", "Invoices_created_at_idx")
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{migrate.HazardLongLock},
	})
}
