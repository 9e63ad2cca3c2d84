// Package shared is embedded from another package.
package shared

// Base is embedded by models.
type Base struct {
	ID  int64  `db:"id,pk"`
	Big uint64 // want `field Big: cannot infer an SQL type for uint64; add type:\.\.\.`
}
