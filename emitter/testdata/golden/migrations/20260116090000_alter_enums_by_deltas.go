package migrations

import "github.com/schemagen/schemagen/migrate"

// Alter enums by deltas
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260116090000",
		DownRevision: []string{"20260115090000"},
		Message:      "Alter enums by deltas",
		Upgrade: func(op *migrate.Op) {
			// hazard data-loss: removing value(s) gelöscht from enum status fails while a row holds
			// one, and the values are gone for good.
			// hazard table-rewrite: rebuilding enum status (it drops or moves values; it gives
			// columns new defaults) rewrites table(s) user under ACCESS EXCLUSIVE locks, blocking
			// reads and writes.
			op.AlterEnumValues(
				"status",
				migrate.EnumDelta{
					Add: []migrate.EnumValue{
						{Value: "blocked", After: "active"},
						{Value: "new", After: `it's "paused"`},
						{Value: "done"},
					},
					Drop: []migrate.EnumValue{
						{Value: "new", Before: "active"},
						{Value: "gelöscht"},
					},
				},
				migrate.EnumColumn{
					Table:      "user",
					Column:     "status",
					Default:    "'blocked'::status",
					OldDefault: "'active'::status",
				},
			)
			// hazard table-rewrite: rebuilding enum billing.Invoice State (a later change uses a
			// value it adds, which PostgreSQL refuses after ADD VALUE in one transaction) rewrites
			// table(s) billing.Invoices under ACCESS EXCLUSIVE locks, blocking reads and writes.
			op.AlterEnumValues(
				"billing.Invoice State",
				migrate.EnumDelta{
					Add: []migrate.EnumValue{
						{Value: "sent", After: "draft"},
						{Value: "void"},
					},
					AddedValuesUsed: true,
				},
				migrate.EnumColumn{Table: "billing.Invoices", Column: "state"},
			)
			// hazard long-lock: adding check constraint Invoices_state_check checks every row of
			// table billing.Invoices, blocking writes meanwhile (add it NOT VALID and validate it
			// with `revision --online`).
			op.AddCheck("billing.Invoices", migrate.Check{
				Name: "Invoices_state_check",
				Expr: `"state" <> 'void'`,
			})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropCheck("billing.Invoices", "Invoices_state_check")
			op.AlterEnumValues(
				"billing.Invoice State",
				migrate.EnumDelta{
					Drop: []migrate.EnumValue{{Value: "sent", After: "draft"}, {Value: "void"}},
				},
				migrate.EnumColumn{Table: "billing.Invoices", Column: "state"},
			)
			op.AlterEnumValues(
				"status",
				migrate.EnumDelta{
					Add: []migrate.EnumValue{{Value: "new", Before: "active"}, {Value: "gelöscht"}},
					Drop: []migrate.EnumValue{
						{Value: "blocked", After: "active"},
						{Value: "new", After: `it's "paused"`},
						{Value: "done"},
					},
				},
				migrate.EnumColumn{
					Table:      "user",
					Column:     "status",
					Default:    "'active'::status",
					OldDefault: "'blocked'::status",
				},
			)
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardTableRewrite, migrate.HazardLongLock,
		// },
	})
}
