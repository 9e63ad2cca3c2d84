package duptable

//schemagen:table things
type A struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table public.things
type B struct { // want `duplicate table "things" \(also at testdata/src/errs/duptable/a.go:4:6\)`
	ID int64 `db:"id,pk"`
}
