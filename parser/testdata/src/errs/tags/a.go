package tags

//schemagen:table
type Tagged struct {
	ID    int64       `db:"id,pk"`
	Price float64     `db:"price,type:numeric(12,2"` // want `field Price: db tag "price,type:numeric\(12,2": unclosed "\("`
	Note  string      `db:"note,default:'a,b"`       // want `field Note: db tag "note,default:'a,b": unterminated ' quote`
	Kind  string      `db:"kind,type"`               // want `field Kind: option "type" needs a value \(type:\.\.\.\)`
	Key   string      `db:"key,pk:yes"`              // want `field Key: option "pk" takes no value`
	Empty string      `db:"empty,,unique"`           // want `field Empty: db tag "empty,,unique": empty option`
	Dash  string      `db:"-,unique"`                // want `field Dash: column name "-" with options; write db:"-" alone to skip the field`
	Bad   string      `db:"bad`                      // want `field Bad: malformed struct tag "db:\\"bad"`
	Base  `db:"base"` // want `field Base: an embedded struct takes no db tag but "-"`
}

// Base is embedded with a tag.
type Base struct {
	Extra string
}
