// Package models is the valid base of the security cases: the sentinel
// table that no input may harm, and a table that the cases' changes name.
package models

// Sentinel holds the 100 rows that every case checks are still there.
//
//schemagen:table sentinel
type Sentinel struct {
	ID   int64  `db:"id,pk"`
	Note string `db:"note"`
}

// Extra is the table that hostile changes aim at. Its label needs the
// server to spell it (character varying, 'none'::character varying).
//
//schemagen:table extra
type Extra struct {
	ID         int64  `db:"id,pk"`
	SentinelID *int64 `db:"sentinel_id"`
	Label      string `db:"label,type:varchar(20),default:'none'"`
	Flag       *bool  `db:"flag"`
}
