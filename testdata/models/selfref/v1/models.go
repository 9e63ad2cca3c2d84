// Package models: a table with a foreign key to itself.
package models

// Employee reports to a manager, another employee.
//
//schemagen:table employees
type Employee struct {
	ID        int64   `db:"id,pk,identity"`
	Name      string  `db:"name"`
	Email     *string `db:"email"`
	ManagerID *int64  `db:"manager_id,fk:employees.id,ondelete:set null,index"`
}
