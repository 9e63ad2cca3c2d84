// Package models: mixed-case table, column, index and constraint names.
package models

// UserAccount is a table whose name keeps its case.
//
//schemagen:table UserAccounts
type UserAccount struct {
	ID          int64  `db:"ID,pk,identity"`
	DisplayName string `db:"DisplayName"`
	Email       string `db:"Email,unique:UserAccounts_Email_key"`
	lowercase   string // unexported: no column
}
