// Package models is the valid base of the bad-input cases.
package models

// Customer is the table that the cases' foreign keys reference.
//
//schemagen:table
type Customer struct {
	ID    int64  `db:"id,pk,identity"`
	Token string `db:"token,type:uuid,unique"`
	Name  string `db:"name"`
}
