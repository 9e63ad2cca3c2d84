// Package models: a composite primary key, a composite unique constraint and
// a composite index.
package models

// Order is the parent of the order items.
//
//schemagen:table orders
type Order struct {
	ID int64 `db:"id,pk,identity"`
}

// OrderItem has the primary key (order_id, line_no).
//
//schemagen:table order_items
type OrderItem struct {
	OrderID  int64  `db:"order_id,pk,fk:orders.id,ondelete:cascade,onupdate:cascade,unique:order_items_order_sku"`
	LineNo   int32  `db:"line_no,pk"`
	SKU      string `db:"sku,type:varchar(32),unique:order_items_order_sku,index:order_items_sku_qty"`
	Quantity int32  `db:"quantity,default:1,index:order_items_sku_qty"`
}
