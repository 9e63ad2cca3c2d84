// Package models: mixed-case table, column, index and constraint names.
package models

import "time"

// UserAccount is a table whose name keeps its case.
//
//schemagen:table UserAccounts
type UserAccount struct {
	ID          int64      `db:"ID,pk,identity"`
	DisplayName string     `db:"DisplayName,index:IX_UserAccounts_DisplayName"` // added: index
	Email       string     `db:"Email,unique:UserAccounts_Email_key"`
	LastLogin   *time.Time `db:"LastLogin"` // added
	lowercase   string     // unexported: no column
}

// AuditLog is a new mixed-case table with a foreign key to UserAccounts.
//
//schemagen:table AuditLog
type AuditLog struct {
	ID        int64     `db:"ID,pk,identity"`
	AccountID int64     `db:"AccountID,fk:UserAccounts.ID,ondelete:cascade"`
	At        time.Time `db:"At,default:now()"`
}
