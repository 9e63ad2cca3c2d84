package models

// ShopLines is the table shop.lines.
//
//schemagen:table shop.lines
//schemagen:unique lines_odd_key ("Odd Name", line)
//schemagen:foreignkey lines_order_fk (number, region) references shop.orders (number, region) on delete cascade on update set null
//schemagen:deferrable lines_order_fk initially deferred
//schemagen:foreignkey lines_ref_fk (region, ref) references shop.orders (region, ref)
//schemagen:foreignkey fk_lines_code (code) references public.codes (code)
//schemagen:foreignkey lines_code_fkey (code) references public.codes (code)
type ShopLines struct {
	Region  int32   `db:"region,pk"`
	Number  int64   `db:"number,pk"`
	Line    int16   `db:"line,pk"`
	Ref     *string `db:"ref"`
	OddName *string `db:"Odd Name"`
	Code    *string `db:"code"`
}

// ShopOrders is the table shop.orders.
//
//schemagen:table shop.orders
//schemagen:primarykey orders_legacy_pk (number, region)
//schemagen:with orders_legacy_pk fillfactor=90
//schemagen:unique orders_ref_region_key (ref, region)
//schemagen:deferrable orders_ref_region_key
//schemagen:unique orders_code_key (code) nulls not distinct
//schemagen:unique orders_code_ref_key (code, ref)
type ShopOrders struct {
	Region int32   `db:"region,unique:orders_region_ref_uq"`
	Number int64   `db:"number"`
	Ref    string  `db:"ref,unique:orders_region_ref_uq"`
	Code   *string `db:"code"`
}
