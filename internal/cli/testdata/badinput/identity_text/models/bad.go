package models

// Coupon has an identity column of type text.
//
//schemagen:table
type Coupon struct {
	Code string `db:"code,pk,identity"` // want `field Code: option "identity" needs an integer type \(smallint, integer or bigint\), not text: PostgreSQL refuses an identity column of any other type`
}
