package models

//schemagen:table
type Order struct {
	ID     int64   `db:"id,pk,identity"`
	Price  float64 `db:"price,type:numeric(12,2"`             // want `field Price: db tag "price,type:numeric\(12,2": unclosed "\("`
	Label  string  `db:"label,default:'a,b"`                  // want `field Label: db tag .*: unterminated ' quote`
	Ref    int64   `db:"ref,fk:customer"`                     // want `field Ref: option "fk" needs TABLE.COLUMN, got "customer"`
	Act    int64   `db:"act,fk:customer.id,ondelete:explode"` // want `field Act: unknown ondelete action "explode"`
	Kind   string  `db:"kind,type:"`                          // want `field Kind: option "type" needs a value`
	Flag   bool    `db:"flag,pk:yes"`                         // want `field Flag: option "pk" takes no value`
	Both   *string `db:"both,null,notnull"`                   // want `field Both: options "null" and "notnull" conflict`
	Twice  string  `db:"twice,unique,unique"`                 // want `field Twice: option "unique" given twice`
	Empty  string  `db:"empty,,index"`                        // want `field Empty: db tag "empty,,index": empty option`
	Orphan int64   `db:"orphan,onupdate:cascade"`             // want `field Orphan: option "onupdate" needs fk:TABLE.COLUMN`
}
