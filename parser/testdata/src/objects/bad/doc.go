// Package bad holds mistakes.
//
//schemagen:sql nothing/*.sql
//schemagen:sql ../outside/x.sql
//schemagen:sql /etc/passwd
//schemagen:sql bad.sql
//schemagen:sql notsql.txt
//schemagen:sql names.sql
//schemagen:sql link.sql
//schemagen:sql unterminated.sql
//schemagen:extension
//schemagen:extension a b c
package bad

//schemagen:table
type T struct {
	ID int64 `db:"id,pk"`
}

//schemagen:table
//schemagen:view AS SELECT 1
type Both struct{}

//schemagen:view v1 AS SELECT 1; DROP TABLE t
type V1 struct{}

//schemagen:view v2
type V2 struct{}

//schemagen:view v3 AS INSERT INTO t VALUES (1)
type V3 struct{}

//schemagen:view v4 AS SELECT 1 WITH CHECK OPTION
type V4 struct{}

//schemagen:view t AS SELECT 1 AS a
type V5 struct {
	A int `db:"a,pk"`
}

//schemagen:view v6 two.sql
type V6 struct{}

//schemagen:view v7 ../outside/x.sql
type V7 struct{}

//schemagen:view information_schema.v8 AS SELECT 1 AS a
type V8 struct {
	A int `db:"a"`
}

//schemagen:table
type U struct {
	ID int32 `db:"id,pk,type:serial"`
}
