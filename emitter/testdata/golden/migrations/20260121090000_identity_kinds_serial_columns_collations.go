package migrations

import "github.com/schemagen/schemagen/migrate"

// Identity kinds, serial columns, collations and NULLS NOT DISTINCT
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260121090000",
		DownRevision: []string{"20260120090000"},
		Message:      "Identity kinds, serial columns, collations and NULLS NOT DISTINCT",
		Upgrade: func(op *migrate.Op) {
			op.CreateTableNamed("billing.counters", migrate.Table{
				Columns: []*migrate.Column{
					{
						Name:            "id",
						Type:            "bigint",
						Sequence:        "counters_id_seq",
						SequenceOptions: "INCREMENT 10 START 1000",
					},
					{
						Name:            "n",
						Type:            "integer",
						Identity:        true,
						IdentityAlways:  true,
						SequenceOptions: "MINVALUE 0 MAXVALUE 999 CYCLE",
					},
					{Name: "code", Type: "text", Collation: `"C"`},
					{Name: "label", Type: "text", Nullable: true, Collation: `"en_US.utf8"`},
				},
				PrimaryKey: &migrate.PrimaryKey{Name: "counters_pkey", Columns: []string{"id"}},
				Uniques: []*migrate.Unique{
					{
						Name:             "counters_label_key",
						Columns:          []string{"label"},
						NullsNotDistinct: true,
					},
				},
				Indexes: []*migrate.Index{
					{
						Name: "counters_code_label_idx",
						Keys: []string{
							`code COLLATE "POSIX" text_pattern_ops`, "label",
						},
						Unique:           true,
						NullsNotDistinct: true,
					},
				},
			})
			op.AlterColumn(
				"user",
				migrate.Column{Name: "id", Type: "bigint", Identity: true},
				migrate.Column{
					Name:            "id",
					Type:            "bigint",
					Identity:        true,
					IdentityAlways:  true,
					SequenceOptions: "START 100",
				},
			)
			// hazard data-loss: changing column billing.Invoices.number from varchar(32) to bigint
			// may fail on, or cut, values the new type cannot hold.
			// hazard table-rewrite: changing the type of column billing.Invoices.number rewrites
			// table billing.Invoices under an ACCESS EXCLUSIVE lock, blocking reads and writes.
			// hazard irreversible-downgrade: the downgrade converts column billing.Invoices.number
			// back from bigint to varchar(32), which may fail on, or cut, values written since.
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "number", Type: "varchar(32)"},
				migrate.Column{Name: "number", Type: "bigint", Sequence: "Invoices_number_seq"},
			)
			// hazard data-loss: changing column billing.Invoices.created_at from timestamptz to
			// bigint may fail on, or cut, values the new type cannot hold.
			// hazard table-rewrite: changing the type of column billing.Invoices.created_at
			// rewrites table billing.Invoices under an ACCESS EXCLUSIVE lock, blocking reads and
			// writes.
			// hazard irreversible-downgrade: the downgrade converts column
			// billing.Invoices.created_at back from bigint to timestamptz, which may fail on, or
			// cut, values written since.
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "created_at", Type: "timestamptz", Default: "now()"},
				migrate.Column{
					Name:  "created_at",
					Type:  "bigint",
					Using: `extract(epoch FROM "created_at")::bigint`,
				},
			)
			// hazard data-loss: changing column billing.Invoices.total from numeric(12,2) to
			// boolean may fail on, or cut, values the new type cannot hold.
			// hazard table-rewrite: changing the type of column billing.Invoices.total rewrites
			// table billing.Invoices under an ACCESS EXCLUSIVE lock, blocking reads and writes.
			// hazard irreversible-downgrade: the downgrade converts column billing.Invoices.total
			// back from boolean to numeric(12,2), which may fail on, or cut, values written since.
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "total", Type: "numeric(12,2)", Default: "0"},
				migrate.Column{
					Name:    "total",
					Type:    "boolean",
					Default: "false",
					Using:   `"total" <> 0`,
				},
			)
		},
		Downgrade: func(op *migrate.Op) {
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "total", Type: "boolean", Default: "false"},
				migrate.Column{
					Name:    "total",
					Type:    "numeric(12,2)",
					Default: "0",
					Using:   `"total"::numeric(12,2)`,
				},
			)
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "created_at", Type: "bigint"},
				migrate.Column{Name: "created_at", Type: "timestamptz", Default: "now()"},
			)
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "number", Type: "bigint", Sequence: "Invoices_number_seq"},
				migrate.Column{Name: "number", Type: "varchar(32)"},
			)
			op.AlterColumn(
				"user",
				migrate.Column{
					Name:            "id",
					Type:            "bigint",
					Identity:        true,
					IdentityAlways:  true,
					SequenceOptions: "START 100",
				},
				migrate.Column{Name: "id", Type: "bigint", Identity: true},
			)
			op.DropTable("billing.counters")
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
