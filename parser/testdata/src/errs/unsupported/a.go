package unsupported

//schemagen:table
//schemagen:index by_age (age) // want `directive //schemagen:index is not supported yet`
type Person struct {
	ID  int64 `db:"id,pk"`
	Age int   `db:"age,check:age > 0"` // want `field Age: option "check" is not supported yet`
}

//schemagen:enum // want `directive //schemagen:enum is not supported yet`
type Mood string
