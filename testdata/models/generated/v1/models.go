// Package models: generated STORED columns (generated:EXPR).
package models

// Person has a generated text column and a generated number.
//
//schemagen:table people
type Person struct {
	ID       int64   `db:"id,pk,identity"`
	First    string  `db:"first"`
	Last     string  `db:"last"`
	FullName string  `db:"full_name,generated:first || ' ' || last"`
	Price    float64 `db:"price,type:numeric(10,2)"`
	Qty      int32   `db:"qty"`
	Total    float64 `db:"total,type:numeric(12,2),generated:price * qty"`
}
