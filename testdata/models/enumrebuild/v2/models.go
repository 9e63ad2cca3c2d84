// Package models: an enum whose values are removed and reordered in v2,
// which needs a rebuild of the type.
package models

// Priority is how urgent a task is. v2 removes "urgent" and lists the
// values from high to low.
//
//schemagen:enum
type Priority string

// The values of Priority, in the enum's order.
const (
	PriorityHigh   Priority = "high"
	PriorityMedium Priority = "medium"
	PriorityLow    Priority = "low"
)

// Task uses Priority in a column with a default.
//
//schemagen:table tasks
type Task struct {
	ID       int64    `db:"id,pk,identity"`
	Title    string   `db:"title"`
	Priority Priority `db:"priority,default:'low'"`
}

// Escalation uses Priority in two more columns, in another schema.
//
//schemagen:table ops.escalations
type Escalation struct {
	ID     int64     `db:"id,pk,identity"`
	TaskID int64     `db:"task_id,fk:public.tasks.id,ondelete:cascade"`
	From   *Priority `db:"from"`
	To     Priority  `db:"to,default:'high'"`
}
