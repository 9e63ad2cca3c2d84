package noinference

//schemagen:table
type Counter struct {
	ID    int64             `db:"id,pk"`
	Big   uint64            // want `field Big: cannot infer an SQL type for uint64; add type:\.\.\.`
	Meta  map[string]string // want `field Meta: cannot infer an SQL type for map\[string\]string; add type:\.\.\.`
	Fine  uint64            `db:"fine,type:numeric(20)"`
	Inner struct{ X int }   `db:"inner"` // want `field Inner: cannot infer an SQL type for struct\{X int\}`
}
