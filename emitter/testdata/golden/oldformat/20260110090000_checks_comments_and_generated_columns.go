// Checks, comments and generated columns
package oldformat

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260110090000",
		DownRevision: []string{"20260109090000"},
		Message:      "Checks, comments and generated columns",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{
				Schema: "billing",
				Name:   "payers",
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true, Comment: "surrogate key"},
					{Name: "first", Type: "text", Comment: "given\tname"},
					{Name: "last", Type: "text"},
					{Name: "full", Type: "text", Generated: `"first" || ' ' || "last"`, Comment: `it's "generated"`},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "payers_pkey", Columns: []string{"id"}},
				Checks: []*migrate.Check{
					{Name: "payers_first_check", Expr: "first <> ''"},
					{Name: `payers "names" check`, Expr: "length(\"last\") < 100\nAND \"last\" !~ '\\s$'"},
				},
				Comment: "Who pays.\nSee \"billing\" docs; it's `old`\\new.\r\n",
			})
			// hazard long-lock: adding check constraint Invoices_number_check checks every row of table billing.Invoices, blocking writes meanwhile (add it NOT VALID and validate it with `revision --online`).
			op.AddCheck("billing.Invoices", migrate.Check{Name: "Invoices_number_check", Expr: "number ~ '^[A-Z]+-[0-9]+$'"})
			op.DropCheck("user", "user_select_check")
			// hazard table-rewrite: adding column user.email_lower as a stored generated column rewrites table user under an ACCESS EXCLUSIVE lock, blocking reads and writes.
			op.AddColumn("user", migrate.Column{Name: "email_lower", Type: "text", Nullable: true, Generated: `lower("Email")`})
			op.SetTableComment("user", "People who log in.\nOne row per \"account\".")
			op.SetTableComment("public.v1.legacy", "")
			op.SetColumnComment("billing.Invoices", "number", "it's the \"number\"\nprinted on paper")
			op.SetColumnComment("user", "select", "still reserved")
		},
		Downgrade: func(op *migrate.Op) {
			op.SetColumnComment("user", "select", "reserved word")
			op.SetColumnComment("billing.Invoices", "number", "")
			op.SetTableComment("public.v1.legacy", "legacy 'v1' rows")
			op.SetTableComment("user", "")
			op.DropColumn("user", "email_lower")
			op.AddCheck("user", migrate.Check{Name: "user_select_check", Expr: `"select" IS NOT NULL`})
			op.DropCheck("billing.Invoices", "Invoices_number_check")
			op.DropTable("billing.payers")
		},
		// The upgrade has hazards (see the comments above its changes) that
		// `schemagen check` reports until they are acknowledged. Review them,
		// then acknowledge them by adding this field:
		// AllowHazards: []migrate.HazardKind{migrate.HazardTableRewrite, migrate.HazardLongLock},
	})
}
