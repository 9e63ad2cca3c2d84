package models

//schemagen:table
type Order struct {
	ID     int64          `db:"id,pk,identity"`
	Events chan int       `db:"events"`           // want `field Events: cannot infer an SQL type for chan int; add type:`
	Hook   func()         `db:"hook"`             // want `field Hook: cannot infer an SQL type for func\(\); add type:`
	Phase  complex128     `db:"phase"`            // want `field Phase: cannot infer an SQL type for complex128; add type:`
	Attrs  map[string]int `db:"attrs"`            // want `field Attrs: cannot infer an SQL type for map\[string\]int; add type:`
	Count  uint64         `db:"count"`            // want `field Count: cannot infer an SQL type for uint64; add type:`
	Any    any            `db:"any"`              // want `field Any: cannot infer an SQL type for any; add type:`
	Typed  map[string]int `db:"typed,type:jsonb"` // a type override: fine
}
