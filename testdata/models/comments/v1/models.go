// Package models: comments on tables (//schemagen:comment) and columns
// (comment:).
package models

// Account has a table comment and column comments.
//
//schemagen:table accounts
//schemagen:comment Customer accounts
type Account struct {
	ID    int64   `db:"id,pk,identity,comment:surrogate key"`
	Email string  `db:"email,comment:'login, unique per tenant'"`
	Note  *string `db:"note"`
}

// Plain has no comments in v1.
//
//schemagen:table plain
type Plain struct {
	ID int64 `db:"id,pk"`
}
