package migrations

import "github.com/schemagen/schemagen/migrate"

// Create, alter and drop enums
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260109090000",
		DownRevision: []string{"20260108090000"},
		Message:      "Create, alter and drop enums",
		Upgrade: func(op *migrate.Op) {
			op.CreateEnum(migrate.Enum{
				Name:   "status",
				Values: []string{"active", `it's "paused"`, "gelöscht"},
			})
			op.CreateEnum(migrate.Enum{
				Schema: "billing",
				Name:   "Invoice State",
				Values: []string{"draft", "sent"},
			})
			op.CreateEnum(migrate.Enum{Name: "mood.v2"})
			op.AddColumn("user", migrate.Column{
				Name:    "status",
				Type:    "status",
				Default: "'active'::status",
			})
			// hazard not-null-without-default: adding column billing.Invoices.state NOT NULL
			// without a default fails if table billing.Invoices has rows: give the field a default
			// (`default:` tag) or use `revision --online` for the expand/backfill/contract plan.
			op.AddColumn("billing.Invoices", migrate.Column{
				Name: "state",
				Type: `billing."Invoice State"`,
			})
			op.AddColumn("public.v1.legacy", migrate.Column{
				Name:    "state",
				Type:    `billing."Invoice State"`,
				Default: `'draft'::billing."Invoice State"`,
			})
			op.AlterEnum(
				"status",
				[]string{"active", `it's "paused"`, "gelöscht"},
				[]string{"new", "active", `it's "paused"`, "gelöscht"},
			)
			// hazard data-loss: removing value(s) sent from enum billing.Invoice State fails while
			// a row holds one, and the values are gone for good.
			// hazard table-rewrite: rebuilding enum billing.Invoice State (it drops or moves
			// values; it gives columns new defaults) rewrites table(s) billing.Invoices, v1.legacy
			// under ACCESS EXCLUSIVE locks, blocking reads and writes.
			op.AlterEnum(
				"billing.Invoice State",
				[]string{"draft", "sent"},
				[]string{"draft", "paid"},
				migrate.EnumColumn{Table: "billing.Invoices", Column: "state"},
				migrate.EnumColumn{
					Table:   "public.v1.legacy",
					Column:  "state",
					Default: `'draft'::billing."Invoice State"`,
				},
			)
			op.AlterEnum("public.mood.v2", []string{}, []string{"calm"})
			op.DropEnum("billing.old_kind")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateEnum(migrate.Enum{
				Schema: "billing",
				Name:   "old_kind",
				Values: []string{"a", "b"},
			})
			op.AlterEnum("public.mood.v2", []string{"calm"}, []string{})
			op.AlterEnum(
				"billing.Invoice State",
				[]string{"draft", "paid"},
				[]string{"draft", "sent"},
				migrate.EnumColumn{Table: "billing.Invoices", Column: "state"},
				migrate.EnumColumn{
					Table:      "public.v1.legacy",
					Column:     "state",
					OldDefault: `'draft'::billing."Invoice State"`,
				},
			)
			op.AlterEnum(
				"status",
				[]string{"new", "active", `it's "paused"`, "gelöscht"},
				[]string{"active", `it's "paused"`, "gelöscht"},
			)
			op.DropColumn("public.v1.legacy", "state")
			op.DropColumn("billing.Invoices", "state")
			op.DropColumn("user", "status")
			op.DropEnum("public.mood.v2")
			op.DropEnum("billing.Invoice State")
			op.DropEnum("status")
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardTableRewrite, migrate.HazardNotNullNoDefault,
		// },
	})
}
