// Package oldformat holds the golden migration files as schemagen wrote
// them before the format changed (message comment on the package clause,
// DownRevision: nil, op.CreateTable(migrate.Table{Name: ...}), no
// wrapping). The files are frozen: TestGoldenModule checks that they still
// compile and record the same changes as the files of package migrations.
// Each migration file adds one migration to [Set] in init().
package oldformat

import "github.com/schemagen/schemagen/migrate"

// Set holds the migrations of this package, one per migration file, in
// file order. Pass it to the migrate runtime to upgrade or downgrade a
// database.
var Set = &migrate.Set{}
