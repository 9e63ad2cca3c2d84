// Package migrations holds the schema migrations of this module, written by
// schemagen. Each migration file adds one migration to [Set] in init().
package migrations

import "github.com/schemagen/schemagen/migrate"

// Set holds the migrations of this package, one per migration file, in
// file order. Pass it to the migrate runtime to upgrade or downgrade a
// database.
var Set = &migrate.Set{}
