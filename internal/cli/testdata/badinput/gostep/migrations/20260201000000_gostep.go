// backfill names
package migrations

import (
	"context"

	"github.com/schemagen/schemagen/migrate"
)

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000000",
		DownRevision: []string{"20260101000000"},
		Message:      "backfill names",
		Upgrade: func(op *migrate.Op) {
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				_, err := q.ExecContext(ctx, "UPDATE customer SET name = upper(name)")
				return err
			})
		},
		Downgrade: func(op *migrate.Op) {},
	})
}
