package migrations

import "github.com/schemagen/schemagen/migrate"

// Create billing schema with user and invoice tables
func init() {
	Set.Add(migrate.Migration{
		Revision: "20260101090000",
		Message:  "Create billing schema with user and invoice tables",
		Upgrade: func(op *migrate.Op) {
			op.CreateSchema("billing")
			op.CreateTableNamed("user", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "select", Type: "text"},
					{Name: "Email", Type: "varchar(255)", Nullable: true},
					{Name: `say "hi"; now`, Type: "text", Default: "'it''s'"},
					{Name: "naïve café", Type: "jsonb", Nullable: true},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "user_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{Name: "user_select_key", Columns: []string{"select"}},
					{Name: "user_Email_key", Columns: []string{"Email"}},
				},
			})
			op.CreateTableNamed("billing.Invoices", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "user_id", Type: "bigint"},
					{Name: "number", Type: "varchar(32)"},
					{Name: "total", Type: "numeric(12,2)", Default: "0"},
					{Name: "created_at", Type: "timestamptz", Default: "now()"},
				},
				PrimaryKey: &migrate.PrimaryKey{
					Name:    "Invoices_pkey",
					Columns: []string{"user_id", "number"},
				},
				ForeignKeys: []*migrate.ForeignKey{
					{
						Name:       "Invoices_user_id_fkey",
						Columns:    []string{"user_id"},
						RefTable:   "user",
						RefColumns: []string{"id"},
						OnDelete:   "CASCADE",
					},
				},
			})
			op.CreateTableNamed("billing.invoice lines", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "id", Type: "integer", Identity: true},
					{Name: "invoice_user_id", Type: "bigint"},
					{Name: "invoice_number", Type: "varchar(32)", Nullable: true},
				},
				PrimaryKey: &migrate.PrimaryKey{
					Name:    "invoice lines_pkey",
					Columns: []string{"id"},
				},
				ForeignKeys: []*migrate.ForeignKey{
					{
						Name:       "invoice lines_invoice_fkey",
						Columns:    []string{"invoice_user_id", "invoice_number"},
						RefSchema:  "billing",
						RefTable:   "Invoices",
						RefColumns: []string{"user_id", "number"},
						OnDelete:   "SET NULL",
						OnUpdate:   "RESTRICT",
					},
				},
			})
			op.CreateTableNamed("public.v1.legacy", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "id", Type: "integer"},
				},
			})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable("public.v1.legacy")
			op.DropTable("billing.invoice lines")
			op.DropTable("billing.Invoices")
			op.DropTable("user")
			op.DropSchema("billing")
		},
	})
}
