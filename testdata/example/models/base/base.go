// Package base holds the columns that every table of the shop shares.
package base

import "time"

// Base is embedded in every model: an identity primary key and the time the
// row was created.
type Base struct {
	ID        int64     `db:"id,pk,identity"`
	CreatedAt time.Time `db:"created_at,default:now()"`
}
