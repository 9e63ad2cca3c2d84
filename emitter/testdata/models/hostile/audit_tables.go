package models

// AuditUsers is the table audit.users.
//
//schemagen:table audit.users
type AuditUsers struct {
	ID   int32  `db:"id,pk"`
	User *int32 `db:"user,fk:public.users.id"`
}
