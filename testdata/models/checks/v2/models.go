// Package models: check constraints on columns (check:) and on a table
// (//schemagen:check).
package models

// Product has column checks and table checks. v2 makes the price check
// strict and adds a table check over two columns.
//
//schemagen:table products
//schemagen:check products_price_le_list price <= list_price
//schemagen:check products_qty_sane qty < 10000 or name like 'bulk%'
type Product struct {
	ID        int64   `db:"id,pk,identity"`
	Name      string  `db:"name,check:length(name) between 1 and 200"`
	Price     float64 `db:"price,type:numeric(10,2),check:price > 0"`
	ListPrice float64 `db:"list_price,type:numeric(10,2)"`
	Qty       int32   `db:"qty,default:0,check:qty >= 0"`
}
