// Package models: a composite primary key, a composite unique constraint and
// a composite index.
package models

// Order is the parent of the order items.
//
//schemagen:table orders
type Order struct {
	ID int64 `db:"id,pk,identity"`
}

// OrderItem has the primary key (order_id, line_no). v2 adds discount,
// replaces the index (sku, quantity) with (sku, discount) and changes the
// default of quantity.
//
//schemagen:table order_items
type OrderItem struct {
	OrderID  int64   `db:"order_id,pk,fk:orders.id,ondelete:cascade,onupdate:cascade,unique:order_items_order_sku"`
	LineNo   int32   `db:"line_no,pk"`
	SKU      string  `db:"sku,type:varchar(32),unique:order_items_order_sku,index:order_items_sku_discount"`
	Quantity int32   `db:"quantity,default:0"`
	Discount float64 `db:"discount,type:numeric(5,2),default:0,index:order_items_sku_discount"`
}

// Shipment is a new table with a composite primary key whose first column
// is also a foreign key.
//
//schemagen:table shipments
type Shipment struct {
	OrderID int64  `db:"order_id,pk,fk:orders.id,onupdate:restrict"`
	No      int32  `db:"no,pk"`
	Carrier string `db:"carrier,index"`
}
