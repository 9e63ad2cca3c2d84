package migrations

import "github.com/schemagen/schemagen/migrate"

// Hand-written SQL that declares its effects
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260117090000",
		DownRevision: []string{"20260116090000"},
		Message:      "Hand-written SQL that declares its effects",
		Upgrade: func(op *migrate.Op) {
			op.ExecuteAs(
				`ALTER TABLE "user" ALTER COLUMN score TYPE integer USING round(score)::integer`,
				func(op *migrate.Op) {
					op.AlterColumn(
						"user",
						migrate.Column{Name: "score", Type: "bigint", Nullable: true},
						migrate.Column{Name: "score", Type: "integer", Nullable: true},
					)
				},
			)
			op.ExecuteAs(
				`ALTER TABLE billing."Invoices" ADD COLUMN paid_at timestamptz;
CREATE INDEX "Invoices_paid_at_idx" ON billing."Invoices" (paid_at) WHERE paid_at IS NOT NULL`,
				func(op *migrate.Op) {
					op.AddColumn("billing.Invoices", migrate.Column{
						Name:     "paid_at",
						Type:     "timestamptz",
						Nullable: true,
						Comment:  "when the invoice was paid, in full, by whichever means the customer chose",
					})
					op.CreateIndex("billing.Invoices", migrate.Index{
						Name:    "Invoices_paid_at_idx",
						Columns: []string{"paid_at"},
						Where:   "paid_at IS NOT NULL",
					})
				},
			)
			op.ExecuteData(`UPDATE "user" SET score = 0 WHERE score IS NULL`)
		},
		Downgrade: func(op *migrate.Op) {
			op.ExecuteAs(
				`ALTER TABLE billing."Invoices" DROP COLUMN paid_at`,
				func(op *migrate.Op) {
					op.DropColumn("billing.Invoices", "paid_at")
				},
			)
			op.ExecuteAs(`ALTER TABLE "user" ALTER COLUMN score TYPE bigint`, func(op *migrate.Op) {
				op.AlterColumn(
					"user",
					migrate.Column{Name: "score", Type: "integer", Nullable: true},
					migrate.Column{Name: "score", Type: "bigint", Nullable: true},
				)
			})
		},
	})
}
