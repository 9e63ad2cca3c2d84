package enums

//schemagen:enum
type Mood string // want `enum mood has no values: declare constants of type Mood`

//schemagen:enum
type Level int // want `//schemagen:enum on Level, whose underlying type is int, not string`

// The values of Level.
const (
	LevelLow Level = 1
)

//schemagen:enum
type Color string

// The values of Color; one repeats.
const (
	Red     Color = "red"
	Green   Color = "green"
	Crimson Color = "red" // want `enum color: constant Crimson repeats value "red" \(also at testdata/src/errs/enums/a.go:19:2\)`
	Empty   Color = ""    // want `enum color: constant Empty has value ""; enum labels are 1 to 63 bytes long`
)

//schemagen:enum Shape // want `invalid enum name "Shape": column types name the enum unquoted, so it must be \[schema\.\]name with each part matching \[a-z_\]\[a-z0-9_\]\*`
type Shape string

// The values of Shape.
const Circle Shape = "circle"

//schemagen:enum a.b.c // want `invalid enum name "a.b.c": a dot after the schema part`
type Deep string

// The values of Deep.
const Down Deep = "down"

//schemagen:enum one two // want `//schemagen:enum takes one \[schema\.\]name, got "one two"`
type Spaced string

// The values of Spaced.
const Space Spaced = "space"

//schemagen:enum color
type Hue string // want `duplicate enum "color" \(also at testdata/src/errs/enums/a.go:15:6\)`

// The values of Hue.
const Warm Hue = "warm"

//schemagen:enum
type Alias = string // want `//schemagen:enum on alias Alias: declare a defined type \(type Alias string\)`

//schemagen:enum
type Generic[T any] string // want `//schemagen:enum on generic type Generic: an enum cannot have type parameters`

//schemagen:enum
//schemagen:enum other // want `duplicate //schemagen:enum directive \(also at testdata/src/errs/enums/a.go:55:1\)`
type Dual string

// The values of Dual.
const Once Dual = "once"

//schemagen:enum
type Gadget string // want `enum "gadget" has the name of a table, whose row type takes it \(also at testdata/src/errs/enums/a.go:71:6\)`

// The values of Gadget.
const Widget Gadget = "widget"

// Gadgets is a table named like the enum Gadget.
//
//schemagen:table gadget
type Gadgets struct {
	ID   int64  `db:"id,pk"`
	Kind Gadget `db:"kind"`
}
