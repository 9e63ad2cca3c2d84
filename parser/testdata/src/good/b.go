package good

import "example.com/good/base"

// Customer lives in the billing schema and embeds a struct of another
// package.
//
//schemagen:table billing.customers
type Customer struct {
	base.Model
	Email  string `db:"email,unique"`
	Name   string `db:"name,unique:customers_name_region_key"`
	Region string `db:"region,unique:customers_name_region_key,index"`
}

// Invoice has foreign keys with actions and a composite index.
//
//schemagen:table billing.invoices
type Invoice struct {
	ID         int64  `db:"id,pk,identity"`
	Number     string `db:"number,type:varchar(32),unique"`
	CustomerID int64  `db:"customer_id,fk:customers.id,ondelete:cascade,onupdate:Set Null,index"`
	KindID     *int64 `db:",fk:kind.id,ondelete:set default"`
	Email      string `db:",fk:billing.customers.email,ondelete:no action,onupdate:restrict"`
	Year       int    `db:"year,index:invoices_period_idx"`
	Month      int    `db:"month,index:invoices_period_idx"`
}

type (
	// LineItem has a composite primary key.
	//schemagen:table public.line_items
	LineItem struct {
		InvoiceID int64 `db:",pk,fk:billing.invoices.id"`
		Line      int32 `db:",pk"`
		Qty       int16
	}

	// NotAModel carries no directive.
	NotAModel struct {
		X uint64
	}
)

// HTTPServer takes its table name from its own.
//
//schemagen:table
type HTTPServer struct {
	Host string `db:"host,pk"`
}
