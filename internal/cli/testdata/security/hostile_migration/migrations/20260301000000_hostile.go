// hostile: a hand-edited migration whose every op carries an attack
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260301000000",
		DownRevision: []string{"20260102000000"},
		Message:      "hostile",
		// Acknowledged, so that the hazard gate is not what stops it.
		AllowHazards: []migrate.HazardKind{migrate.HazardDataLoss, migrate.HazardTableRewrite, migrate.HazardLongLock, migrate.HazardIrreversibleDowngrade},
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("extra", migrate.Column{Name: "m_default", Type: "bigint", Nullable: true, Default: "0; DROP TABLE sentinel"})                                                                   // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_type", Type: "bigint; DROP TABLE sentinel", Nullable: true})                                                                                    // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_commit", Type: "bigint", Nullable: true, Default: "0; COMMIT; DROP TABLE sentinel"})                                                            // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_rollback", Type: "bigint", Nullable: true, Default: "0; ROLLBACK; BEGIN; DROP TABLE sentinel; COMMIT"})                                         // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_role", Type: "bigint", Nullable: true, Default: "0; COMMIT; CREATE ROLE sgpwn_migration_role SUPERUSER LOGIN"})                                 // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_dollar", Type: "text", Nullable: true, Default: "$q$'$q$; DROP TABLE sentinel; SELECT $q$'$q$"})                                                // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_estring", Type: "text", Nullable: true, Default: "E'\\''; DROP TABLE sentinel; SELECT E'\\''"})                                                 // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_backslash", Type: "text", Nullable: true, Default: "'\\'; DROP TABLE sentinel; SELECT ''"})                                                     // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_nested", Type: "bigint", Nullable: true, Default: "0 /* /* */ ; */; DROP TABLE sentinel"})                                                      // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_unbalanced", Type: "bigint", Nullable: true, Default: "(0)); DROP TABLE sentinel; SELECT ((0"})                                                 // want `.`
			op.AddColumn("extra", migrate.Column{Name: "m_generated", Type: "bigint", Generated: "1) STORED; DROP TABLE sentinel; SELECT (1"})                                                            // want `.`
			op.AddCheck("sentinel", migrate.Check{Name: "sgpwn_early_ck", Expr: "true), DROP COLUMN note, ADD CHECK (true"})                                                                              // want `.`
			op.AddCheckNotValid("extra", migrate.Check{Name: "m_commit_ck", Expr: "true); COMMIT; DROP TABLE sentinel; SELECT (true"})                                                                    // want `.`
			op.CreateIndex("extra", migrate.Index{Name: "m_where_idx", Columns: []string{"id"}, Where: "id > 0; COMMIT; DROP TABLE sentinel"})                                                            // want `.`
			op.CreateIndex("extra", migrate.Index{Name: "m_key_idx", Keys: []string{"(id)); DROP TABLE sentinel; SELECT ((1"}})                                                                           // want `.`
			op.AddForeignKey("extra", migrate.ForeignKey{Name: "m_fk", Columns: []string{"sentinel_id"}, RefTable: "sentinel", RefColumns: []string{"id"}, OnDelete: "CASCADE; DROP TABLE sentinel; --"}) // want `.`
			op.AlterColumn("extra", migrate.Column{Name: "label", Type: "varchar(20)"}, migrate.Column{Name: "label", Type: "text USING NULL; DROP TABLE sentinel; --"})                                  // want `.`
			op.CreateTable(migrate.Table{
				Name: "sgpwn_table",
				Columns: []*migrate.Column{
					{Name: "a", Type: "bigint", Default: "0); DROP TABLE sentinel; CREATE TABLE sgpwn_other (a bigint"}, // want `.`
				},
			})
		},
		Downgrade: func(op *migrate.Op) {
			op.AddColumn("extra", migrate.Column{Name: "m_back", Type: "bigint", Nullable: true, Default: "0; DROP TABLE sentinel"}) // want `.`
			op.DropColumn("extra", "m_default")
		},
	})
}
