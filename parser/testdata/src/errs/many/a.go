package many

import "example.com/errs/many/shared"

//schemagen:table
type Account struct {
	shared.Base
	Owner  string  `db:"id"` // want `duplicate column "id" \(also at testdata/src/errs/many/shared/shared.go:6:2\)`
	Limit  uint    // want `field Limit: cannot infer an SQL type for uint; add type:\.\.\.`
	Total  float64 `db:"total,uniqe"`             // want `field Total: unknown option "uniqe" \(did you mean "unique"\?\)`
	Parent int64   `db:"parent_id,fk:nowhere.id"` // want `field Parent: fk references unknown table "nowhere"`
	Ref    int64   `db:"ref,ondelete:cascade"`    // want `field Ref: option "ondelete" needs fk:TABLE.COLUMN`
}

//schemagen:table
//schemagen:index ledger_note_idx using gist (nope) // want `//schemagen:index ledger_note_idx: key "nope" names unknown column "nope" \(did you mean "note"\?\)`
type Ledger struct {
	ID   int64          `db:"id,pk"`
	Data map[string]int // want `field Data: cannot infer an SQL type for map\[string\]int; add type:\.\.\.`
	Note string         `db:"note,generated:upper(id),default:'x'"` // want `field Note: options "generated" and "default" conflict: a generated column has no default`
}
