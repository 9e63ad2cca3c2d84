package directives

//schemagen:tabel // want `unknown directive //schemagen:tabel \(did you mean //schemagen:table\?\)`
type Typo struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table // want `misplaced directive //schemagen:table: it belongs in the doc comment of a type`

type Detached struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table twice
//schemagen:table twice2 // want `duplicate //schemagen:table directive \(also at testdata/src/errs/directives/a.go:14:1\)`
type Twice struct {
	ID int64 `db:"id,pk"`
}
