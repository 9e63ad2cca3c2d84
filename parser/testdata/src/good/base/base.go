// Package base holds structs that models embed.
package base

import "time"

// Timestamps is embedded through a pointer in Model.
type Timestamps struct {
	CreatedAt time.Time `db:",default:now()"`
	UpdatedAt *time.Time
}

// Model is embedded by models of another package.
type Model struct {
	ID int64 `db:"id,pk,identity"`
	*Timestamps
	version int
}
