package migrations

import "github.com/schemagen/schemagen/migrate"

// Merge heads, settling the order of enum values
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260118090000",
		DownRevision: []string{"20260117090000"},
		Message:      "Merge heads, settling the order of enum values",
		Upgrade: func(op *migrate.Op) {
			// hazard table-rewrite: on a database that holds the values of enum status in another
			// order (one that applied the merged branches in another order), putting them in order
			// rebuilds the type, rewriting table(s) user under ACCESS EXCLUSIVE locks, blocking
			// reads and writes; where they stand in order it changes nothing.
			op.OrderEnum(
				"status",
				[]string{"active", "blocked", `it's "paused"`, "new", "done"},
				"user",
			)
			// hazard table-rewrite: on a database that holds the values of enum billing.Invoice
			// State in another order (one that applied the merged branches in another order),
			// putting them in order rebuilds the type, rewriting table(s) billing.Invoices,
			// billing.Invoices archived in the years before the migration to schemagen under ACCESS
			// EXCLUSIVE locks, blocking reads and writes; where they stand in order it changes
			// nothing.
			op.OrderEnum(
				"billing.Invoice State",
				[]string{"draft", "sent", "paid", "void"},
				"billing.Invoices",
				"billing.Invoices archived in the years before the migration to schemagen",
			)
		},
		Downgrade: func(op *migrate.Op) {
			// nothing to do
		},
		AllowHazards: []migrate.HazardKind{migrate.HazardTableRewrite},
	})
}
