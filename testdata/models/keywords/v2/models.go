// Package models: tables and columns named with reserved words.
package models

// User is a table named with a reserved word.
//
//schemagen:table user
type User struct {
	ID    int64  `db:"id,pk,identity"`
	Name  string `db:"name"`
	Group string `db:"group,default:'staff'"` // added: a reserved word with a default
}

// Order is a table named with a reserved word, with a column named select
// and a foreign key to user.
//
//schemagen:table order
type Order struct {
	ID     int64  `db:"id,pk,identity"`
	UserID int64  `db:"user_id,fk:user.id,ondelete:cascade"` // changed: ondelete
	Select string `db:"select,index"`                        // added: index
	Limit  *int32 `db:"limit"`                               // added: nullable reserved word
}

// Grant is a new table named with a reserved word.
//
//schemagen:table grant
type Grant struct {
	UserID  int64  `db:"user_id,pk,fk:user.id"`
	Table   string `db:"table,pk"`
	Default bool   `db:"default,default:false"`
}
