package dupcolumn

// Base is embedded.
type Base struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table
type Thing struct {
	Base
	ID   int64  // want `duplicate column "id" \(also at testdata/src/errs/dupcolumn/a.go:5:2\)`
	Name string `db:"id"` // want `duplicate column "id" \(also at testdata/src/errs/dupcolumn/a.go:5:2\)`
}
