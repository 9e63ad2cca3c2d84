package models

// Codes is the table codes.
//
//schemagen:table codes
//schemagen:index codes_code_idx unique (code)
type Codes struct {
	Code string `db:"code"`
}
