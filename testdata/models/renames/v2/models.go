// Package models: a table and a column renamed in v2 by hints.
package models

// Client was the table customers; its column mail is now email.
//
//schemagen:table clients
//schemagen:renamed customers
type Client struct {
	ID    int64  `db:"id,pk,identity"`
	Name  string `db:"name"`
	Email string `db:"email,unique,renamed:mail"`
}

// Order references clients; its column memo is now note.
//
//schemagen:table orders
type Order struct {
	ID         int64  `db:"id,pk,identity"`
	CustomerID int64  `db:"customer_id,fk:clients.id,index"`
	Note       string `db:"note,renamed:memo"`
}
