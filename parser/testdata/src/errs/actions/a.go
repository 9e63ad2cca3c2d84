package actions

//schemagen:table
type Parent struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table
type Child struct {
	ID     int64 `db:"id,pk,ondelete:cascade"`                  // want `field ID: option "ondelete" needs fk:TABLE.COLUMN`
	Parent int64 `db:"parent_id,fk:parent.id,onupdate:explode"` // want `field Parent: unknown onupdate action "explode" \(want cascade, restrict, set null, set default or no action\)`
}
