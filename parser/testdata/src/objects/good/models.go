package good

//schemagen:table
type Account struct {
	ID    int64  `db:"id,pk"`
	Email string `db:"email"`
	Owner string `db:"owner"`
}

// ActiveAccount is a view of the accounts that have an email.
//
//schemagen:view AS SELECT id, email FROM account WHERE email <> '' // a trailing comment
type ActiveAccount struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
	Note  string `db:"-"`
}

// Totals is a materialized view whose query is in a file.
//
//schemagen:view materialized reporting.totals totals.sql
type Totals struct {
	Count int64 `db:"n"`
}
