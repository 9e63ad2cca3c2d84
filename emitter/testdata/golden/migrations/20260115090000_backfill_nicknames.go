package migrations

import "github.com/schemagen/schemagen/migrate"

// Backfill nicknames
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260115090000",
		DownRevision: []string{"20260114090000"},
		Message:      "Backfill nicknames",
		Upgrade: func(op *migrate.Op) {
			// Nothing yet. Record the upgrade here with op's methods, for example
			// hand-written SQL (run as written, unchecked) that declares its schema
			// changes as op calls (ExecuteAs) or that it makes none (ExecuteData),
			// or Go code that runs with the migration's transaction (add import
			// "context"):
			//
			// op.ExecuteAs(`ALTER TABLE users ADD COLUMN nick text`, func(op *migrate.Op) {
			// 	op.AddColumn("users", migrate.Column{Name: "nick", Type: "text", Nullable: true})
			// })
			// op.ExecuteData(`UPDATE users SET nick = name WHERE nick IS NULL`)
			// op.Run(func(ctx context.Context, q migrate.Querier) error {
			// 	_, err := q.ExecContext(ctx, `UPDATE users SET nick = lower(name)`)
			// 	return err
			// })
		},
		Downgrade: func(op *migrate.Op) {
			// Nothing yet. Record here what undoes the upgrade, for example:
			//
			// op.ExecuteAs(`ALTER TABLE users DROP COLUMN nick`, func(op *migrate.Op) {
			// 	op.DropColumn("users", "nick")
			// })
		},
	})
}
