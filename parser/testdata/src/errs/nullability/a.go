package nullability

//schemagen:table
type Row struct {
	ID    int64  `db:"id,pk,null"`             // want `field ID: options "pk" and "null" conflict: primary-key columns are NOT NULL`
	Seq   int64  `db:"seq,identity,null"`      // want `field Seq: options "identity" and "null" conflict: identity columns are NOT NULL`
	Both  string `db:"both,null,notnull"`      // want `field Both: options "null" and "notnull" conflict`
	Twice string `db:"twice,null,null"`        // want `field Twice: option "null" given twice`
	Gen   int64  `db:"gen,identity,default:1"` // want `field Gen: options "identity" and "default" conflict`
}
