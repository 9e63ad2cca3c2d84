// Package models: tables and columns named with reserved words.
package models

// User is a table named with a reserved word.
//
//schemagen:table user
type User struct {
	ID   int64  `db:"id,pk,identity"`
	Name string `db:"name"`
}

// Order is a table named with a reserved word, with a column named select
// and a foreign key to user.
//
//schemagen:table order
type Order struct {
	ID     int64  `db:"id,pk,identity"`
	UserID int64  `db:"user_id,fk:user.id"`
	Select string `db:"select"`
}
