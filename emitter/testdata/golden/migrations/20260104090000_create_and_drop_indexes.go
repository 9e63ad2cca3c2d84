// Create and drop indexes
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260104090000",
		DownRevision: []string{"20260103090000"},
		Message:      "Create and drop indexes",
		Upgrade: func(op *migrate.Op) {
			op.CreateIndex("billing.Invoices", migrate.Index{Name: "Invoices_created_at_idx", Columns: []string{"created_at"}})
			op.CreateIndex("user", migrate.Index{Name: "user_lower_email", Columns: []string{"Email", "select"}, Unique: true})
			op.DropIndex("public.v1.legacy", "legacy_id_idx")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateIndex("public.v1.legacy", migrate.Index{Name: "legacy_id_idx", Columns: []string{"id"}})
			op.DropIndex("user", "user_lower_email")
			op.DropIndex("billing.Invoices", "Invoices_created_at_idx")
		},
	})
}
