package options

// Gen has generated columns with conflicting options.
//
//schemagen:table opt.gen
type Gen struct {
	ID    int64  `db:"id,pk"`
	Def   int64  `db:"def,generated:id * 2,default:0"`     // want `field Def: options "generated" and "default" conflict: a generated column has no default`
	Ident int64  `db:"ident,generated:id * 2,identity"`    // want `field Ident: options "generated" and "identity" conflict: a column is generated or identity, not both`
	Key   int64  `db:"key,pk,generated:id * 2"`            // want `field Key: options "generated" and "pk" conflict: a generated column cannot be part of the primary key`
	Note  string `db:"note,comment:''"`                    // want `field Note: option "comment" needs text \(comment:\.\.\.\)`
	Same  string `db:"same,renamed:same"`                  // want `field Same: option "renamed" names the column's own name "same"`
	Chk   int64  `db:"chk,check"`                          // want `field Chk: option "check" needs a value \(check:\.\.\.\)`
	Chk2  int64  `db:"chk2,check:chk2 > 0,check:chk2 < 9"` // want `field Chk2: option "check" given twice`
	Gens  int64  `db:"gens,generatd:1"`                    // want `field Gens: unknown option "generatd" \(did you mean "generated"\?\)`
}

// Checked has checks whose names clash.
//
//schemagen:table opt.checked
//schemagen:check checked_amount_check amount < 100 // want `duplicate constraint name "checked_amount_check" \(also at testdata/src/errs/options/a.go:27:2, check constraint\)`
//schemagen:check checked_code_key code <> '' // want `duplicate constraint name "checked_code_key" \(also at testdata/src/errs/options/a.go:28:2, unique constraint\)`
//schemagen:check positive amount > 0
//schemagen:check positive amount > 1 // want `duplicate constraint name "positive" \(also at testdata/src/errs/options/a.go:23:1, check constraint\)`
type Checked struct {
	ID     int64  `db:"id,pk"`
	Amount int64  `db:"amount,check:amount >= 0"`
	Code   string `db:"code,unique"`
	Parent int64  `db:"parent,fk:checked.id,unique:checked_parent_fkey"` // want `duplicate constraint name "checked_parent_fkey" \(also at testdata/src/errs/options/a.go:29:2, unique constraint\)`
}

// Directives has table directives with mistakes.
//
//schemagen:table opt.directives
//schemagen:check // want `//schemagen:check needs a name and an expression: //schemagen:check NAME EXPR`
//schemagen:check lonely // want `//schemagen:check needs a name and an expression: //schemagen:check NAME EXPR`
//schemagen:check (x > 0) // want `//schemagen:check needs a name and an expression: //schemagen:check NAME EXPR`
//schemagen:comment // want `//schemagen:comment needs text`
//schemagen:renamed old one // want `//schemagen:renamed takes one \[schema\.\]name, got "old one"`
//schemagen:renamed again // want `duplicate //schemagen:renamed directive \(also at testdata/src/errs/options/a.go:39:1\)`
//schemagen:idnex directives_x_idx (x) // want `unknown directive //schemagen:idnex \(did you mean //schemagen:index\?\)`
type Directives struct {
	X int64 `db:"x,pk"`
}

// Self is renamed from its own name.
//
//schemagen:table opt.self
//schemagen:renamed opt.self // want `//schemagen:renamed names the table's own name "opt.self"`
type Self struct {
	X int64 `db:"x,pk"`
}

// Bad is renamed from a name with too many dots.
//
//schemagen:table opt.bad
//schemagen:renamed a.b.c // want `//schemagen:renamed: invalid table name "a.b.c": a dot after the schema part`
type Bad struct {
	X int64 `db:"x,pk"`
}
