// Revision 20260108090000
package oldformat

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260108090000",
		DownRevision: []string{"20260107090000"},
		Message:      "",
		Upgrade: func(op *migrate.Op) {
			op.DropSchema("Old Schema")
		},
		Downgrade: func(op *migrate.Op) {
			op.CreateSchema("Old Schema")
		},
	})
}
