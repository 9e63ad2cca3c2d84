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
			// hand-written SQL (run as written, unchecked) or Go code that runs
			// with the migration's transaction (add import "context"):
			//
			// op.Execute(`UPDATE users SET nickname = name WHERE nickname IS NULL`)
			// op.Run(func(ctx context.Context, q migrate.Querier) error {
			// 	_, err := q.ExecContext(ctx, `UPDATE users SET nickname = lower(name)`)
			// 	return err
			// })
		},
		Downgrade: func(op *migrate.Op) {
			// Nothing yet. Record here what undoes the upgrade, for example:
			//
			// op.Execute(`UPDATE users SET nickname = NULL`)
		},
	})
}
