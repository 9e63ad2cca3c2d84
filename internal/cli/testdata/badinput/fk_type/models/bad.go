package models

//schemagen:table
type Order struct {
	ID           int64  `db:"id,pk,identity"`
	CustomerID   int64  `db:"customer_id,fk:customer.token"` // want `field CustomerID: fk column "customer_id" is bigint, but it references "customer.token", which is uuid \(at .*models/customer.go:9:2\): PostgreSQL cannot compare the two types`
	CustomerCode string `db:"customer_code,fk:customer.id"`  // want `field CustomerCode: fk column "customer_code" is text, but it references "customer.id", which is bigint \(at .*models/customer.go:8:2\)`
	Small        int32  `db:"small,fk:customer.id"`          // integer to bigint: fine
}
