// broken
package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260201000000",
		DownRevision: []string{"20260101000000"},
		Message:      "broken",
		Upgrade: func(op *migrate.Op) {
			op.Execute(missingSQL) // want `undefined: missingSQL`
		},
		Downgrade: func(op *migrate.Op) {
			op.DropTable(42) // want `cannot use 42 \(untyped int constant\) as string value in argument to op.DropTable`
		},
	})
}
