package migrations

import "github.com/schemagen/schemagen/migrate"

// Partitioned tables, partitions and inheritance
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260123090000",
		DownRevision: []string{"20260122090000"},
		Message:      "Partitioned tables, partitions and inheritance",
		Upgrade: func(op *migrate.Op) {
			op.CreateTableNamed("billing.Events", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "id", Type: "bigint"},
					{Name: "at", Type: "date"},
				},
				PrimaryKey: &migrate.PrimaryKey{
					Name:    "Events_pkey",
					Columns: []string{"id", "at"},
				},
				PartitionBy: "RANGE (at)",
			})
			op.CreateTableNamed("billing.Events 2024", migrate.Table{
				PartitionBy: "HASH (id)",
				PartitionOf: &migrate.PartitionOf{
					Parent: migrate.QualifiedName{Schema: "billing", Name: "Events"},
					Bound:  "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
				},
			})
			op.CreateTableNamed("events_rest", migrate.Table{
				Checks: []*migrate.Check{
					{Name: "events_rest_recent", Expr: "at > '2000-01-01'"},
				},
				PartitionOf: &migrate.PartitionOf{
					Parent: migrate.QualifiedName{Schema: "billing", Name: "Events"},
					Bound:  "DEFAULT",
				},
			})
			op.CreateTableNamed("admin", migrate.Table{
				Columns: []*migrate.Column{
					{Name: "level", Type: "integer", Nullable: true},
				},
				Inherits: []migrate.QualifiedName{{Schema: "public", Name: "user"}},
			})
			op.DetachPartition(
				"billing.Events 2023",
				"billing.Events",
				"FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
			)
			op.AttachPartition(
				"billing.Events 2023",
				"billing.Events",
				"FOR VALUES FROM ('2022-01-01') TO ('2024-01-01')",
			)
		},
		Downgrade: func(op *migrate.Op) {
			op.DetachPartition(
				"billing.Events 2023",
				"billing.Events",
				"FOR VALUES FROM ('2022-01-01') TO ('2024-01-01')",
			)
			op.AttachPartition(
				"billing.Events 2023",
				"billing.Events",
				"FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
			)
			op.DropTable("admin")
			op.DropTable("events_rest")
			op.DropTable("billing.Events 2024")
			op.DropTable("billing.Events")
		},
	})
}
