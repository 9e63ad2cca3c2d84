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

// Invoice lives in billing; its customer is in public. v2 drops memo.
//
//schemagen:table billing.invoices
type Invoice struct {
	ID         int64  `db:"id,pk,identity"`
	CustomerID int64  `db:"customer_id,fk:public.customers.id,index"`
	Number     string `db:"number,type:varchar(32),unique"`
}

// Payment lives in billing and pays an invoice there.
//
//schemagen:table billing.payments
type Payment struct {
	ID        int64   `db:"id,pk,identity"`
	InvoiceID int64   `db:"invoice_id,fk:billing.invoices.id,ondelete:cascade"`
	Amount    float64 `db:"amount,type:numeric(12,2),default:0"`
	Method    string  `db:"method,type:varchar(16),default:'card'"` // added
}

// Refund is a new billing table; its fk names the table unqualified
// (looked up in billing first).
//
//schemagen:table billing.refunds
type Refund struct {
	ID        int64   `db:"id,pk,identity"`
	PaymentID int64   `db:"payment_id,fk:payments.id,ondelete:cascade,index"`
	Amount    float64 `db:"amount,type:numeric(12,2)"`
}
