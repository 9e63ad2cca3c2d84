// Package models: a table with a foreign key to itself.
package models

// Employee reports to a manager, another employee. v2 makes email NOT NULL
// with a default and adds a second self-reference.
//
//schemagen:table employees
type Employee struct {
	ID        int64  `db:"id,pk,identity"`
	Name      string `db:"name"`
	Email     string `db:"email,default:''"`
	ManagerID *int64 `db:"manager_id,fk:employees.id,ondelete:set null,index"`
	MentorID  *int64 `db:"mentor_id,fk:employees.id,ondelete:set null"`
}
