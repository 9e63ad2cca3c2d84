package partitions

//schemagen:table
//schemagen:partition // want `//schemagen:partition needs arguments`
//schemagen:partition by sideways (a) // want `want range, list or hash followed by the keys in parentheses`
//schemagen:partition by range (a); drop table x // want `partition by`
//schemagen:partition p1 // want `//schemagen:partition p1 needs its bound`
//schemagen:partition p2 for values from (1) // want `partition bound`
//schemagen:partition p3 default // want `table no_key has no //schemagen:partition by`
//schemagen:partition p3 default // want `duplicate partition p3 \(also at testdata/src/errs/partitions/a.go:9:1\)`
type NoKey struct { // the partitions of a table without a key
	A int64 `db:"a"`
}

//schemagen:table
//schemagen:inherits nowhere // want `//schemagen:inherits nowhere: no model table of that name`
type Orphan struct {
	A int64 `db:"a"`
}

//schemagen:table
//schemagen:partition by hash (a)
//schemagen:inherits orphan // want `//schemagen:inherits: a partitioned table cannot inherit`
type Both struct {
	A int64 `db:"a"`
}

//schemagen:table
//schemagen:partition by list (a)
//schemagen:partition sub1 of nowhere for values in (1) // want `table sub declares no partition nowhere`
//schemagen:partition flat for values in (2)
//schemagen:partition sub2 of flat for values in (3) // want `partition flat is not partitioned`
//schemagen:partition deep for values in (4) partition by sideways (a) // want `want range, list or hash`
type Sub struct {
	A int64 `db:"a"`
}
