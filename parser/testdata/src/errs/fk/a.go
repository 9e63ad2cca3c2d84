package fk

//schemagen:table fkshop.customers
type Customer struct {
	ID    int64  `db:"id,pk"`
	Email string `db:"email"`
}

//schemagen:table fkshop.orders
type Order struct {
	ID       int64  `db:"id,pk"`
	Customer int64  `db:"customer_id,fk:customer.id"`       // want `field Customer: fk references unknown table "customer"`
	Other    int64  `db:"other_id,fk:customers.idx"`        // want `field Other: fk references unknown column "customers.idx"`
	Mail     string `db:"mail,fk:customers.email"`          // want `field Mail: fk references "customers.email", which is neither the primary key nor unique`
	Public   int64  `db:"public_id,fk:public.customers.id"` // want `field Public: fk references unknown table "public.customers"`
	Bad      int64  `db:"bad_id,fk:customers"`              // want `field Bad: option "fk" needs TABLE.COLUMN, got "customers"`
	Deep     int64  `db:"deep_id,fk:a.b.c.id"`              // want `field Deep: option "fk": invalid table name "a.b.c": a dot after the schema part`
}
