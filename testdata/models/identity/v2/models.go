// Package models: identity columns, defaults and nullability.
package models

// Counter: v2 drops the identity of id and gives it to seq, changes the
// default of name and makes it NULL-able, and makes hits NOT NULL with a
// default.
//
//schemagen:table counters
type Counter struct {
	ID   int64   `db:"id,pk"`
	Seq  int64   `db:"seq,identity"`
	Name *string `db:"name,default:'y'"`
	Hits int64   `db:"hits,default:0"`
}
