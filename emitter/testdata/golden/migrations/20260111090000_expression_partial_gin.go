package migrations

import "github.com/schemagen/schemagen/migrate"

// Expression, partial, gin and covering indexes
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260111090000",
		DownRevision: []string{"20260110090000"},
		Message:      "Expression, partial, gin and covering indexes",
		Upgrade: func(op *migrate.Op) {
			op.CreateTableNamed("docs", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "body", Type: "jsonb"},
					{Name: "deleted_at", Type: "timestamptz", Nullable: true},
				},
				Indexes: []*migrate.Index{
					{Name: "docs_body_idx", Columns: []string{"body"}, Method: "gin"},
					{
						Name:    "docs_live_idx",
						Columns: []string{"id"},
						Unique:  true,
						Include: []string{"body"},
						Where:   "deleted_at IS NULL",
					},
				},
			})
			// hazard long-lock: building index user_email_lower_idx on table user blocks writes to
			// it until the build is done (build it concurrently with `revision --online`).
			op.CreateIndex("user", migrate.Index{
				Name:   "user_email_lower_idx",
				Keys:   []string{`lower("Email")`, `"select" DESC NULLS LAST`},
				Unique: true,
				Where:  `"Email" IS NOT NULL AND "select" <> 'it''s'`,
			})
			// hazard long-lock: building index Invoices_search_idx on table billing.Invoices blocks
			// writes to it until the build is done (build it concurrently with
			// `revision --online`).
			op.CreateIndex("billing.Invoices", migrate.Index{
				Name:   "Invoices_search_idx",
				Keys:   []string{"to_tsvector('english', number)"},
				Method: "gin",
			})
			// hazard long-lock: building index Invoices_user_covering_idx on table billing.Invoices
			// blocks writes to it until the build is done (build it concurrently with
			// `revision --online`).
			op.CreateIndex("billing.Invoices", migrate.Index{
				Name:    "Invoices_user_covering_idx",
				Columns: []string{"user_id"},
				Include: []string{"number", "created_at"},
			})
			op.DropIndex("user", "user_lower_email")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateIndex("user", migrate.Index{
				Name:    "user_lower_email",
				Columns: []string{"Email", "select"},
				Unique:  true,
				Method:  "hash",
				Where:   "true",
			})
			op.DropIndex("billing.Invoices", "Invoices_user_covering_idx")
			op.DropIndex("billing.Invoices", "Invoices_search_idx")
			op.DropIndex("user", "user_email_lower_idx")
			op.DropTable("docs")
		},
		// The upgrade has hazards (see the comments above its changes) that `schemagen check`
		// reports until they are acknowledged. Review them, then acknowledge them by adding this
		// field:
		// AllowHazards: []migrate.HazardKind{migrate.HazardLongLock},
	})
}
