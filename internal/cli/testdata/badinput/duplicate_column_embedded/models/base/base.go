// Package base holds columns that models embed.
package base

import "time"

// Base is embedded by models.
type Base struct {
	ID        int64     `db:"id,pk,identity"`
	CreatedAt time.Time `db:"created_at,default:now()"`
}
