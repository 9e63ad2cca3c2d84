package models

import "example.com/shop/models/base"

// Customer is someone who buys from the shop.
//
//schemagen:table customers
type Customer struct {
	base.Base
	Email string  `db:"email,type:varchar(320),unique"`
	Name  string  `db:"name"`
	Phone *string `db:"phone"`
}

// Product is something the shop sells.
//
//schemagen:table products
type Product struct {
	base.Base
	SKU      string   `db:"sku,type:varchar(32),unique"`
	Name     string   `db:"name,index"`
	Price    float64  `db:"price,type:numeric(12,2),default:0"`
	Tags     []string `db:"tags"`
	Archived bool     `db:"archived,default:false"`
}
