// Package models: a table and a column renamed in v2 by hints.
package models

// Customer is renamed to Client in v2.
//
//schemagen:table customers
type Customer struct {
	ID   int64  `db:"id,pk,identity"`
	Name string `db:"name"`
	Mail string `db:"mail,unique"`
}

// Order references customers.
//
//schemagen:table orders
type Order struct {
	ID         int64  `db:"id,pk,identity"`
	CustomerID int64  `db:"customer_id,fk:customers.id,index"`
	Memo       string `db:"memo"`
}
