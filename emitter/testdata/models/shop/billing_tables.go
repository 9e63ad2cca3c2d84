package models

// BillingInvoices is the table billing.invoices.
//
//schemagen:table billing.invoices
//schemagen:check invoices_total_check (total >= (0)::numeric)
//schemagen:deferrable invoices_user_id_fkey
type BillingInvoices struct {
	ID     int32         `db:"id,pk,type:serial"`
	Number string        `db:"number,type:character varying(32),unique:invoices_number_user_id_key"`
	UserID int64         `db:"user_id,unique:invoices_number_user_id_key,fk:public.users.id,ondelete:cascade,onupdate:set null"`
	Total  string        `db:"total,type:numeric(12,2),default:0"`
	Status BillingStatus `db:"status,default:'draft'::billing.status"`
}
