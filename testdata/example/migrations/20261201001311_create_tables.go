// create tables
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20261201001311",
		DownRevision: nil,
		Message:      "create tables",
		Upgrade: func(op *migrate.Op) {
			op.CreateSchema("billing")
			op.CreateTable(migrate.Table{
				Name: "customers",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "created_at", Type: "timestamptz", Default: "now()"},
					{Name: "email", Type: "varchar(320)"},
					{Name: "name", Type: "text"},
					{Name: "phone", Type: "text", Nullable: true},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "customers_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{Name: "customers_email_key", Columns: []string{"email"}},
				},
			})
			op.CreateTable(migrate.Table{
				Name: "products",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "created_at", Type: "timestamptz", Default: "now()"},
					{Name: "sku", Type: "varchar(32)"},
					{Name: "name", Type: "text"},
					{Name: "price", Type: "numeric(12,2)", Default: "0"},
					{Name: "tags", Type: "text[]"},
					{Name: "archived", Type: "boolean", Default: "false"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "products_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{Name: "products_sku_key", Columns: []string{"sku"}},
				},
			})
			op.CreateTable(migrate.Table{
				Schema: "billing",
				Name:   "invoices",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "created_at", Type: "timestamptz", Default: "now()"},
					{Name: "number", Type: "varchar(32)"},
					{Name: "customer_id", Type: "bigint"},
					{Name: "total", Type: "numeric(12,2)", Default: "0"},
					{Name: "status", Type: "varchar(16)", Default: "'open'"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "invoices_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{Name: "invoices_number_key", Columns: []string{"number"}},
				},
				ForeignKeys: []*migrate.ForeignKey{
					{Name: "invoices_customer_id_fkey", Columns: []string{"customer_id"}, RefTable: "customers", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
				},
			})
			op.CreateTable(migrate.Table{
				Schema: "billing",
				Name:   "invoice_lines",
				Columns: []*migrate.Column{
					{Name: "invoice_id", Type: "bigint"},
					{Name: "line_no", Type: "integer"},
					{Name: "product_id", Type: "bigint"},
					{Name: "quantity", Type: "integer", Default: "1"},
					{Name: "unit_price", Type: "numeric(12,2)"},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "invoice_lines_pkey", Columns: []string{"invoice_id", "line_no"}},
				ForeignKeys: []*migrate.ForeignKey{
					{Name: "invoice_lines_invoice_id_fkey", Columns: []string{"invoice_id"}, RefSchema: "billing", RefTable: "invoices", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
					{Name: "invoice_lines_product_id_fkey", Columns: []string{"product_id"}, RefTable: "products", RefColumns: []string{"id"}, OnDelete: "RESTRICT"},
				},
			})
			op.CreateIndex("products", migrate.Index{Name: "products_name_idx", Columns: []string{"name"}})
			op.CreateIndex("billing.invoices", migrate.Index{Name: "invoices_customer_id_idx", Columns: []string{"customer_id"}})
			op.CreateIndex("billing.invoice_lines", migrate.Index{Name: "invoice_lines_product_id_idx", Columns: []string{"product_id"}})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropIndex("billing.invoice_lines", "invoice_lines_product_id_idx")
			op.DropIndex("billing.invoices", "invoices_customer_id_idx")
			op.DropIndex("products", "products_name_idx")
			op.DropTable("billing.invoice_lines")
			op.DropTable("billing.invoices")
			op.DropTable("products")
			op.DropTable("customers")
			op.DropSchema("billing")
		},
	})
}
