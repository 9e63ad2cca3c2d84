// Package models: generated STORED columns (generated:EXPR).
package models

// Person has generated columns. v2 changes the expression of full_name,
// drops total and adds initials.
//
//schemagen:table people
type Person struct {
	ID       int64   `db:"id,pk,identity"`
	First    string  `db:"first"`
	Last     string  `db:"last"`
	FullName string  `db:"full_name,generated:last || ', ' || first"`
	Price    float64 `db:"price,type:numeric(10,2)"`
	Qty      int32   `db:"qty"`
	Initials string  `db:"initials,generated:left(first, 1) || left(last, 1)"`
}
