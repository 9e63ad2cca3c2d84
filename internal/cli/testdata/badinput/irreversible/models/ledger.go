package models

// Ledger is the table of the migration without a Downgrade.
//
//schemagen:table
type Ledger struct {
	ID int64 `db:"id,pk"`
}
