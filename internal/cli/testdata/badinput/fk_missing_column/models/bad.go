package models

//schemagen:table
type Order struct {
	ID         int64  `db:"id,pk,identity"`
	CustomerID int64  `db:"customer_id,fk:customer.idx"` // want `field CustomerID: fk references unknown column "customer.idx" \(did you mean "id"\?\)`
	Name       string `db:"name,fk:customer.name"`       // want `field Name: fk references "customer.name", which is neither the primary key nor unique`
}
