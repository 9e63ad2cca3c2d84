package bad

//schemagen:table t
//schemagen:deferrable t_pkee // want `//schemagen:deferrable t_pkee: table t has no primary key, unique constraint, foreign key or exclusion constraint of that name \(did you mean t_pkey\?\)`
//schemagen:deferrable t_pkey later // want `//schemagen:deferrable t_pkey: unexpected "later"`
//schemagen:exclude x USING gist (a WITH &&); DROP TABLE t // want `//schemagen:exclude x: .*`
//schemagen:exclude y // want `//schemagen:exclude needs a name and a definition`
//schemagen:with fillfactor // want `//schemagen:with storage parameter "fillfactor": want name=value`
//schemagen:with a'b=1 // want `//schemagen:with storage parameter "a'b=1": the name must be`
//schemagen:rowsecurity always // want `//schemagen:rowsecurity takes nothing or "force", got "always"`
//schemagen:with t_pk fillfactor=1 // want `//schemagen:with t_pk: table t has no primary key or unique constraint of that name \(did you mean t_pkey\?\)`
//schemagen:include t_pkey (nope) // want `//schemagen:include t_pkey: unknown column "nope"`
//schemagen:include t_pkey a // want `//schemagen:include needs a constraint and a list of columns`
//schemagen:unlogged yes // want `//schemagen:unlogged takes no arguments, got "yes"`
type T struct {
	ID int64  `db:"id,pk"`
	A  string `db:"a,type:int4range"`
}

//schemagen:table u
//schemagen:deferrable u_pkey
type U struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table v
type V struct {
	ID  int64 `db:"id,pk"`
	UID int64 `db:"uid,fk:u.id"` // want `field UID: fk references "u.id", whose key is deferrable`
}

//schemagen:table w
//schemagen:index w_excl (id)
//schemagen:exclude w_excl (id WITH =) // want `duplicate index name "w_excl" in schema public`
type W struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table ul
//schemagen:unlogged
type UL struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table lg
type LG struct {
	ID   int64 `db:"id,pk"`
	ULID int64 `db:"ulid,fk:ul.id"` // want `field ULID: fk references "ul.id", whose table is unlogged: PostgreSQL refuses a foreign key of a logged table to an unlogged one`
}

//schemagen:table ul2
//schemagen:unlogged
type UL2 struct {
	ID   int64 `db:"id,pk"`
	ULID int64 `db:"ulid,fk:ul.id"`
	LGID int64 `db:"lgid,fk:lg.id"`
}

//schemagen:table pt
//schemagen:partition by range (id)
//schemagen:exclude pt_x (id WITH =) // want `//schemagen:exclude: PostgreSQL 15 has no exclusion constraints on a partitioned table`
type PT struct {
	ID int64 `db:"id"`
}

//schemagen:table q
//schemagen:with fillfactor='70' // want `//schemagen:with storage parameter fillfactor: value "'70'": write a number or a word, bare`
//schemagen:index q_idx (id) with (fillfactor=70;) // want `storage parameter fillfactor: value "70;"`
type Q struct {
	ID int64 `db:"id,pk"`
}
