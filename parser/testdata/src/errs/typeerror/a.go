package typeerror

//schemagen:table
type Broken struct {
	ID    int64   `db:"id,pk"`
	Thing Missing // want `undefined: Missing`
}
