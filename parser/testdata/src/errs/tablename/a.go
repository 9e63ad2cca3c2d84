package tablename

//schemagen:table a.b.c // want `invalid table name "a.b.c": a dot after the schema part`
type Dotted struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table one two // want `//schemagen:table takes one \[schema\.\]name, got "one two"`
type Spaced struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table
type Status string // want `//schemagen:table on Status, which is not a struct type`

//schemagen:table
type Generic[T any] struct { // want `//schemagen:table on generic type Generic: a model cannot have type parameters`
	V T
}
