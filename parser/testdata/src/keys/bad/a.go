package bad

//schemagen:table p
//schemagen:primarykey (id) // want `//schemagen:primarykey: the fields already make the primary key \(pk at .*a.go:.*\)`
type P struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table q
//schemagen:primarykey q_pkey (idd) // want `//schemagen:primarykey q_pkey: unknown column "idd" \(did you mean "id"\?\)`
//schemagen:unique q_u (a, a) // want `//schemagen:unique q_u: column "a" appears twice`
//schemagen:unique (a) // want `//schemagen:unique needs a name first`
//schemagen:unique q_v (a) nulls distinct // want `//schemagen:unique q_v: unexpected "nulls distinct"`
//schemagen:unique q_w a // want `//schemagen:unique q_w: want a list of columns`
//schemagen:unique q_x (a, lower(a)) // want `//schemagen:unique q_x: want column names, got "lower\(a\)"`
//schemagen:unique q_y (a); DROP TABLE q // want `//schemagen:unique q_y: unexpected "; DROP TABLE q"`
//schemagen:unique q_z's (a) // want `//schemagen:unique q_z's: invalid name`
type Q struct {
	ID int64  `db:"id"`
	A  string `db:"a"`
}

//schemagen:table r
//schemagen:primarykey r_pkey (a, b)
//schemagen:unique r_b_key (b)
//schemagen:unique r_c_key (c)
//schemagen:deferrable r_c_key
type R struct {
	A int32  `db:"a"`
	B string `db:"b"`
	C int64  `db:"c"`
}

//schemagen:table s
//schemagen:foreignkey s_r_fk (a, b) references r (a) // want `//schemagen:foreignkey s_r_fk: 2 referencing column\(s\) \(a, b\) but 1 referenced \(a\)`
//schemagen:foreignkey s_r2_fk (a) references r // want `//schemagen:foreignkey s_r2_fk: 1 referencing column\(s\) \(a\) but the primary key of r has 2 \(a, b\)`
//schemagen:foreignkey s_r3_fk (a) references r (a) // want `//schemagen:foreignkey s_r3_fk: references \(a\) of r, which are neither its primary key nor a unique constraint or unique index`
//schemagen:foreignkey s_r4_fk (a, b) references r (b, a) // want `//schemagen:foreignkey s_r4_fk: column "a" is integer, but it references r.b, which is text`
//schemagen:foreignkey s_r5_fk (a, b) references nope (a, b) // want `//schemagen:foreignkey s_r5_fk: references unknown table "nope"`
//schemagen:foreignkey s_r6_fk (a, bb) references r (a, b) // want `//schemagen:foreignkey s_r6_fk: unknown column "bb" \(did you mean "b"\?\)`
//schemagen:foreignkey s_r7_fk (a, b) references r (a, bx) // want `//schemagen:foreignkey s_r7_fk: references unknown column "bx" of r \(did you mean "b"\?\)`
//schemagen:foreignkey s_r8_fk (a, b) to r (a, b) // want `//schemagen:foreignkey s_r8_fk: want "references" after the columns, got "to"`
//schemagen:foreignkey s_r9_fk (a, b) references r (a, b) on delete explode // want `//schemagen:foreignkey s_r9_fk: unknown action "explode"`
//schemagen:foreignkey s_r10_fk (a, b) references r (a, b) on delete cascade on delete restrict // want `//schemagen:foreignkey s_r10_fk: "on delete" is given twice`
//schemagen:foreignkey s_r11_fk (c) references r (c) // want `//schemagen:foreignkey s_r11_fk: references \(c\) of r, whose key is deferrable`
//schemagen:foreignkey s_r12_fk (a, b) references r (a, a) // want `//schemagen:foreignkey s_r12_fk: referenced column "a" appears twice`
//schemagen:foreignkey s_pkey (a) references t (id)
//schemagen:foreignkey s_b_key (b) references r (b) // want `duplicate constraint name "s_b_key"`
//schemagen:foreignkey s_r13_fk (b, a) references r (b, a) on delete set null
//schemagen:foreignkey s_r14_fk (a, b) references a.b.c (b, a) // want `//schemagen:foreignkey s_r14_fk: invalid table name "a.b.c"`
//schemagen:foreignkey s_r15_fk (a, b) references r (a, b) trailing // want `//schemagen:foreignkey s_r15_fk: unexpected "trailing"`
//schemagen:primarykey // want `//schemagen:primarykey needs a list of columns`
//schemagen:unique s_b_key (b)
//schemagen:unique r_b_key (b) // want `duplicate index name "r_b_key" in schema public`
type S struct {
	A int32  `db:"a"`
	B string `db:"b"`
	C int64  `db:"c"`
}

//schemagen:table t
//schemagen:primarykey r_b_key (id) // want `duplicate index name "r_b_key" in schema public`
//schemagen:primarykey t_pkey (id) // want `duplicate //schemagen:primarykey directive`
type T struct {
	ID int32 `db:"id"`
}

//schemagen:table ul
//schemagen:unlogged
//schemagen:primarykey (id)
type UL struct {
	ID int32 `db:"id"`
}

//schemagen:table lg
//schemagen:foreignkey lg_ul_fk (ulid) references ul // want `//schemagen:foreignkey lg_ul_fk: references table ul, which is unlogged`
type LG struct {
	ULID int32 `db:"ulid"`
}

// NoTable has a key directive without //schemagen:table.
//
//schemagen:unique nt_key (a) // want `//schemagen:unique needs //schemagen:table on the same type`
type NoTable struct {
	A int32 `db:"a"`
}

//schemagen:table np
//schemagen:primarykee (id) // want `unknown directive //schemagen:primarykee \(did you mean //schemagen:primarykey\?\)`
type NP struct {
	ID int32 `db:"id"`
}

//schemagen:table clash
//schemagen:primarykey ul (id) // want `the name "ul" \(primary key\) is taken in schema public by table ul`
//schemagen:unique lg (id) // want `the name "lg" \(unique constraint\) is taken in schema public by table lg`
//schemagen:index np (id) // want `the name "np" \(index\) is taken in schema public by table np`
type Clash struct {
	ID int32 `db:"id"`
}

//schemagen:table ev
//schemagen:partition by range (created_at)
//schemagen:primarykey (id) // want `primary key ev_pkey of partitioned table ev lacks column "created_at" of the partition key \(RANGE \(created_at\)\)`
//schemagen:unique ev_id_at_key (id, created_at)
type Ev struct {
	ID        int64  `db:"id"`
	CreatedAt string `db:"created_at,type:date"`
}

//schemagen:table ev2
//schemagen:partition by list (lower(region))
type Ev2 struct {
	ID     int64  `db:"id,pk"` // want `primary key ev2_pkey of partitioned table ev2: its partition key \(LIST \(lower\(region\)\)\) holds an expression`
	Region string `db:"region"`
}
