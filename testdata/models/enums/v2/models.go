// Package models: an enum type used by columns, one with a default.
package models

// Status is the state of an order. v2 inserts "paid" in the middle and
// appends "delivered".
//
//schemagen:enum order_status
type Status string

// The values of Status, in the enum's order.
const (
	StatusPending   Status = "pending"
	StatusPaid      Status = "paid"
	StatusShipped   Status = "shipped"
	StatusDelivered Status = "delivered"
)

// Order has a status with a default and a NULL-able previous status.
//
//schemagen:table orders
type Order struct {
	ID     int64   `db:"id,pk,identity"`
	Status Status  `db:"status,default:'pending'"`
	Prev   *Status `db:"prev"`
}
