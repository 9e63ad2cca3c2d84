package columns

// Counter misuses the tag options of identity, serial, sequence options
// and collations.
//
//schemagen:table counters
//schemagen:index counters_n_idx (n) nulls not distinct // want `//schemagen:index counters_n_idx: "nulls not distinct" is for unique indexes`
//schemagen:index counters_m_idx unique (n) nulls distinct // want `//schemagen:index counters_m_idx: want "nulls not distinct"`
type Counter struct {
	A int64  `db:"a,type:serial,identity"`                 // want `field A: type serial makes a serial column, whose default is its sequence's: not with identity, default or generated`
	B int64  `db:"b,type:bigserial,default:1"`             // want `field B: type bigserial makes a serial column`
	C int64  `db:"c,sequence:start 5"`                     // want `field C: option "sequence" is for identity and serial columns`
	D int64  `db:"d,identity,sequence:start 5; drop"`      // want `field D: option "sequence": sequence options "start 5; drop": START: "5;" is not a 64-bit integer`
	E int16  `db:"e,identity,sequence:maxvalue 40000"`     // want `field E: option "sequence": sequence options: MINVALUE 1 and MAXVALUE 40000 must lie within the range of smallint`
	F string `db:"f,collate:\"C\" drop"`                   // want `field F: option "collate": collation "\\"C\\" drop": want a name or schema.name`
	N int64  `db:"n,identity:always,sequence:cycle cycle"` // want `field N: option "sequence": sequence options "cycle cycle": CYCLE given twice`
}

// AB's serial column a_b.c takes the sequence name a_b_c_seq, which
// A's column b_c takes too.
//
//schemagen:table a_b
type AB struct {
	C int32 `db:"c,type:serial"`
}

// A clashes with AB.
//
//schemagen:table a
type A struct {
	BC int32 `db:"b_c,type:serial"` // want `the name "a_b_c_seq" of a sequence is taken in schema public \(also at testdata/src/errs/columns/a.go:\d+:\d+, sequence of table a_b\)`
}

// Ident gives an identity's sequence another type.
//
//schemagen:table ident
type Ident struct {
	ID int32 `db:"id,identity,sequence:as bigint"` // want `field ID: option "sequence": sequence options "AS bigint": an identity's sequence has its column's type, not AS bigint`
}
