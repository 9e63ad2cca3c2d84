// Package models: check constraints on columns (check:) and on a table
// (//schemagen:check).
package models

// Product has column checks and a table check.
//
//schemagen:table products
//schemagen:check products_price_le_list price <= list_price
type Product struct {
	ID        int64   `db:"id,pk,identity"`
	Name      string  `db:"name,check:length(name) between 1 and 200"`
	Price     float64 `db:"price,type:numeric(10,2),check:price >= 0"`
	ListPrice float64 `db:"list_price,type:numeric(10,2)"`
	Qty       int32   `db:"qty,default:0,check:qty >= 0"`
}
