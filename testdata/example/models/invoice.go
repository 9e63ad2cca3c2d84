package models

import "example.com/shop/models/base"

// Invoice is a bill sent to a customer.
//
//schemagen:table billing.invoices
type Invoice struct {
	base.Base
	Number     string  `db:"number,type:varchar(32),unique"`
	CustomerID int64   `db:"customer_id,fk:customers.id,ondelete:cascade,index"`
	Total      float64 `db:"total,type:numeric(12,2),default:0"`
	Status     string  `db:"status,type:varchar(16),default:'open'"`
	Notes      string  `db:"-"` // computed, not stored
}

// InvoiceLine is one product on an invoice.
//
//schemagen:table billing.invoice_lines
type InvoiceLine struct {
	InvoiceID int64   `db:"invoice_id,pk,fk:billing.invoices.id,ondelete:cascade"`
	LineNo    int32   `db:"line_no,pk"`
	ProductID int64   `db:"product_id,fk:products.id,ondelete:restrict,index"`
	Quantity  int32   `db:"quantity,default:1"`
	UnitPrice float64 `db:"unit_price,type:numeric(12,2)"`
}
