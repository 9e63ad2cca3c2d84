// Package models: comments on tables (//schemagen:comment) and columns
// (comment:).
package models

// Account has a table comment and column comments. v2 changes the table
// comment and the comment of email, removes the one of id and adds one to
// note.
//
//schemagen:table accounts
//schemagen:comment Customer accounts, one per login
type Account struct {
	ID    int64   `db:"id,pk,identity"`
	Email string  `db:"email,comment:'the login (it''s unique)'"`
	Note  *string `db:"note,comment:free text"`
}

// Plain gets a table comment in v2.
//
//schemagen:table plain
//schemagen:comment Nothing to see here
type Plain struct {
	ID int64 `db:"id,pk"`
}
