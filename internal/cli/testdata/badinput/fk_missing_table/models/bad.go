package models

//schemagen:table
type Order struct {
	ID         int64 `db:"id,pk,identity"`
	CustomerID int64 `db:"customer_id,fk:customers.id"`     // want `field CustomerID: fk references unknown table "customers"`
	OtherID    int64 `db:"other_id,fk:billing.customer.id"` // want `field OtherID: fk references unknown table "billing.customer"`
}
