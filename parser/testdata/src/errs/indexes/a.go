package indexes

// Doc has indexes with mistakes; its table lives in schema ix.
//
//schemagen:table ix.docs
//schemagen:index (title) // want `//schemagen:index needs a name first: //schemagen:index NAME \[unique\] \[using METHOD\] \(KEY, \.\.\.\) \[include \(COLUMN, \.\.\.\)\] \[nulls not distinct\] \[with \(NAME=VALUE, \.\.\.\)\] \[where PREDICATE\]`
//schemagen:index docs_nokeys_idx unique // want `//schemagen:index docs_nokeys_idx: missing the keys \(KEY, \.\.\.\); want //schemagen:index NAME`
//schemagen:index docs_order_idx (title) unique // want `//schemagen:index docs_order_idx: unexpected "unique"; want //schemagen:index NAME`
//schemagen:index docs_gin_idx using gni (body) // want `//schemagen:index docs_gin_idx: unknown index method "gni" \(want btree, hash, gist, gin, brin or spgist\)`
//schemagen:index docs_hash_idx using hsah (title) // want `//schemagen:index docs_hash_idx: unknown index method "hsah" \(did you mean "hash"\?\)`
//schemagen:index docs_using_idx using // want `//schemagen:index docs_using_idx: "using" needs a method \(btree, hash, gist, gin, brin, spgist\)`
//schemagen:index docs_uhash_idx unique using hash (title) // want `//schemagen:index docs_uhash_idx: method hash does not support unique indexes; only btree does`
//schemagen:index docs_inc_idx (title) include (body, summary) // want `//schemagen:index docs_inc_idx: include names unknown column "summary"`
//schemagen:index docs_incexpr_idx (title) include (lower(body)) // want `//schemagen:index docs_incexpr_idx: include takes column names, got "lower\(body\)"`
//schemagen:index docs_key_idx (titel, body) // want `//schemagen:index docs_key_idx: key "titel" names unknown column "titel" \(did you mean "title"\?\)`
//schemagen:index docs_desc_idx (lower(body), titel DESC) // want `//schemagen:index docs_desc_idx: key "titel DESC" names unknown column "titel" \(did you mean "title"\?\)`
//schemagen:index docs_paren_idx (lower(title) // want `//schemagen:index docs_paren_idx: keys: unclosed "\("`
//schemagen:index docs_empty_idx () // want `//schemagen:index docs_empty_idx: keys: empty list \(\)`
//schemagen:index docs_comma_idx (title,,body) // want `//schemagen:index docs_comma_idx: keys: empty item in \(title,,body\)`
//schemagen:index docs_where_idx (title) where // want `//schemagen:index docs_where_idx: "where" needs a predicate`
//schemagen:index ix.docs_schema_idx (title) // want `//schemagen:index ix.docs_schema_idx: an index lives in its table's schema; name it without a schema`
//schemagen:index docs_title_idx (title, body) // want `duplicate index name "docs_title_idx" in schema ix \(also at testdata/src/errs/indexes/a.go:26:2, index of table ix.docs\)`
//schemagen:index docs_title_key (body) // want `duplicate index name "docs_title_key" in schema ix \(also at testdata/src/errs/indexes/a.go:26:2, unique constraint of table ix.docs\)`
type Doc struct {
	ID    int64  `db:"id,pk"`
	Title string `db:"title,index,unique"`
	Body  string `db:"body"`
}

// Note has an index named like one of Doc's, in the same schema.
//
//schemagen:table ix.notes
//schemagen:index docs_title_idx (text) // want `duplicate index name "docs_title_idx" in schema ix \(also at testdata/src/errs/indexes/a.go:26:2, index of table ix.docs\)`
//schemagen:index notes_text_idx (text)
type Note struct {
	ID   int64  `db:"id,pk"`
	Text string `db:"text,unique:docs_pkey"` // want `duplicate index name "docs_pkey" in schema ix \(also at testdata/src/errs/indexes/a.go:25:2, primary key of table ix.docs\)`
}

// Other lives in another schema: its index names are its own.
//
//schemagen:table ix2.other
//schemagen:index docs_title_idx (text)
type Other struct {
	ID   int64  `db:"id,pk"`
	Text string `db:"text"`
}

// NotATable has table directives without //schemagen:table.
//
//schemagen:index lone_idx (x) // want `//schemagen:index needs //schemagen:table on the same type`
//schemagen:check lone_check x > 0 // want `//schemagen:check needs //schemagen:table on the same type`
//schemagen:comment lonely // want `//schemagen:comment needs //schemagen:table on the same type`
//schemagen:renamed old // want `//schemagen:renamed needs //schemagen:table on the same type`
type NotATable struct {
	X int
}
