package migrations

import "github.com/schemagen/schemagen/migrate"

// Add, drop and alter columns
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260102090000",
		DownRevision: []string{"20260101090000"},
		Message:      "Add, drop and alter columns",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("user", migrate.Column{
				Name:    "created_at",
				Type:    "timestamptz",
				Default: "now()",
			})
			op.AddColumn("public.v1.legacy", migrate.Column{
				Name:     "note",
				Type:     "text",
				Nullable: true,
			})
			// hazard data-loss: dropping column billing.Invoices.total deletes the data it holds.
			// hazard irreversible-downgrade: the downgrade adds column billing.Invoices.total back
			// empty: its values cannot be restored.
			op.DropColumn("billing.Invoices", "total")
			// hazard data-loss: changing column user.select from text to varchar(64) may fail on,
			// or cut, values the new type cannot hold.
			// hazard table-rewrite: changing the type of column user.select rewrites table user
			// under an ACCESS EXCLUSIVE lock, blocking reads and writes.
			// hazard irreversible-downgrade: the downgrade converts column user.select back from
			// varchar(64) to text, which may fail on, or cut, values written since.
			op.AlterColumn(
				"user",
				migrate.Column{Name: "select", Type: "text"},
				migrate.Column{Name: "select", Type: "varchar(64)", Nullable: true},
			)
			// hazard table-rewrite: changing the type of column billing.invoice lines.id from
			// integer to bigint rewrites table billing.invoice lines under an ACCESS EXCLUSIVE
			// lock, blocking reads and writes.
			// hazard irreversible-downgrade: the downgrade converts column billing.invoice lines.id
			// back from bigint to integer, which may fail on, or cut, values written since.
			op.AlterColumn(
				"billing.invoice lines",
				migrate.Column{Name: "id", Type: "integer", Identity: true},
				migrate.Column{Name: "id", Type: "bigint", Default: "0"},
			)
		},
		Downgrade: func(op *migrate.Op) {
			op.AlterColumn(
				"billing.invoice lines",
				migrate.Column{Name: "id", Type: "bigint", Default: "0"},
				migrate.Column{Name: "id", Type: "integer", Identity: true},
			)
			op.AlterColumn(
				"user",
				migrate.Column{Name: "select", Type: "varchar(64)", Nullable: true},
				migrate.Column{Name: "select", Type: "text"},
			)
			op.AddColumn("billing.Invoices", migrate.Column{
				Name:    "total",
				Type:    "numeric(12,2)",
				Default: "0",
			})
			op.DropColumn("public.v1.legacy", "note")
			op.DropColumn("user", "created_at")
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{
		// 	migrate.HazardDataLoss, migrate.HazardTableRewrite,
		// 	migrate.HazardIrreversibleDowngrade,
		// },
	})
}
