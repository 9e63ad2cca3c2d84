// Add, drop and alter columns
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260102090000",
		DownRevision: []string{"20260101090000"},
		Message:      "Add, drop and alter columns",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("user", migrate.Column{Name: "created_at", Type: "timestamptz", Default: "now()"})
			op.AddColumn("public.v1.legacy", migrate.Column{Name: "note", Type: "text", Nullable: true})
			op.DropColumn("billing.Invoices", "total")
			op.AlterColumn("user", migrate.Column{Name: "select", Type: "text"}, migrate.Column{Name: "select", Type: "varchar(64)", Nullable: true})
			op.AlterColumn("billing.invoice lines", migrate.Column{Name: "id", Type: "integer", Identity: true}, migrate.Column{Name: "id", Type: "bigint", Default: "0"})
		},
		Downgrade: func(op *migrate.Op) {
			op.AlterColumn("billing.invoice lines", migrate.Column{Name: "id", Type: "bigint", Default: "0"}, migrate.Column{Name: "id", Type: "integer", Identity: true})
			op.AlterColumn("user", migrate.Column{Name: "select", Type: "varchar(64)", Nullable: true}, migrate.Column{Name: "select", Type: "text"})
			op.AddColumn("billing.Invoices", migrate.Column{Name: "total", Type: "numeric(12,2)", Default: "0"})
			op.DropColumn("public.v1.legacy", "note")
			op.DropColumn("user", "created_at")
		},
	})
}
