package models

//schemagen:table
type Order struct {
	ID    int64   `db:"id,pk,identity"`
	Total float64 `db:"total,defualt:0"` // want `field Total: unknown option "defualt" \(did you mean "default"\?\)`
	Code  string  `db:"code,zzz"`        // want `field Code: unknown option "zzz"`
}
