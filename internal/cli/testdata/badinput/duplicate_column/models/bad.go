package models

//schemagen:table
type Order struct {
	ID    int64  `db:"id,pk,identity"`
	Code  string `db:"code"`
	Ref   string `db:"code"` // want `duplicate column "code" \(also at .*models/bad.go:6:2\)`
	Name  string
	Alias string `db:"name"` // want `duplicate column "name" \(also at .*models/bad.go:8:2\)`
}
