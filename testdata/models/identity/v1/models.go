// Package models: identity columns, defaults and nullability.
package models

// Counter has an identity primary key.
//
//schemagen:table counters
type Counter struct {
	ID   int64  `db:"id,pk,identity"`
	Seq  int64  `db:"seq"`
	Name string `db:"name,default:'x'"`
	Hits *int64 `db:"hits"`
}
