// Package good declares keys by table directives.
package good

// Order is an order of a customer, keyed by region and number.
//
//schemagen:table shop.orders
//schemagen:primarykey orders_key (region, number) // a legacy name
//schemagen:unique orders_ref_uq (region, ref) nulls not distinct
type Order struct {
	Region int32  `db:"region"`
	Number int64  `db:"number"`
	Ref    string `db:"ref"`
}

// Line is a line of an order.
//
//schemagen:table shop.lines
//schemagen:primarykey (line, number, region)
//schemagen:foreignkey lines_order_fk (region, number) references orders (region, number) on delete cascade on update no action
//schemagen:foreignkey lines_ref_fk ("Ref", region) references shop.orders (ref, region) ON UPDATE SET NULL
//schemagen:deferrable lines_order_fk initially deferred
//schemagen:unique lines_b_uq (b, a)
type Line struct {
	Region int32   `db:"region"`
	Number int64   `db:"number"`
	Line   *int16  `db:"line"`
	Ref    *string `db:"Ref"`
	A      int64   `db:"a"`
	B      int64   `db:"b"`
}

// Note references an order by its primary key, the referenced columns
// left out, and a table in public by a unique index.
//
//schemagen:table shop.notes
//schemagen:foreignkey notes_order_fk (order_region, order_number) references shop.orders
//schemagen:foreignkey notes_tag_fk (tag) references tags (name)
type Note struct {
	ID          int64  `db:"id,pk"`
	OrderRegion int32  `db:"order_region"`
	OrderNumber int64  `db:"order_number"`
	Tag         string `db:"tag"`
}

// Tag is a tag, unique by a unique index.
//
//schemagen:table tags
//schemagen:index tags_name_idx unique (name)
type Tag struct {
	Name string `db:"name"`
}
