package models

//schemagen:table
type Order struct {
	ID   int64  `db:"id,pk,identity"`
	Name string `db:"name`             // want `field Name: malformed struct tag "db:\\"name"`
	Kind string `db:kind`              // want `field Kind: malformed struct tag "db:kind"`
	Note string `json:"note" db:"note` // want `field Note: malformed struct tag`
}
