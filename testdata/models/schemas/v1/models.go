// Package models: tables in a non-public schema, with foreign keys inside
// it and to the public schema.
package models

// Customer lives in public.
//
//schemagen:table customers
type Customer struct {
	ID   int64  `db:"id,pk,identity"`
	Name string `db:"name"`
}

// Invoice lives in billing; its customer is in public.
//
//schemagen:table billing.invoices
type Invoice struct {
	ID         int64   `db:"id,pk,identity"`
	CustomerID int64   `db:"customer_id,fk:public.customers.id,index"`
	Number     string  `db:"number,type:varchar(32),unique"`
	Memo       *string `db:"memo"`
}

// Payment lives in billing and pays an invoice there.
//
//schemagen:table billing.payments
type Payment struct {
	ID        int64   `db:"id,pk,identity"`
	InvoiceID int64   `db:"invoice_id,fk:billing.invoices.id,ondelete:cascade"`
	Amount    float64 `db:"amount,type:numeric(12,2),default:0"`
}
