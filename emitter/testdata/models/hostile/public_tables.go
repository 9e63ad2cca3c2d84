package models

// X9lives is the table 9lives.
//
//schemagen:table 9lives
type X9lives struct {
	ID int32 `db:"id"`
}

// Users is the table Users.
//
//schemagen:table Users
type Users struct {
	ID int32 `db:"id,pk"`
}

// Dash is the table dash.
//
//schemagen:table dash
type Dash struct {
	AB  string `db:"a-b"`
	AB2 string `db:"a:b"`
	XY  string `db:"x=y"`
}

// Nothing is the table nothing.
//
//schemagen:table nothing
type Nothing struct {
}

// Type is the table type.
//
//schemagen:table type
//schemagen:comment ends */ here, has `back` quotes
//schemagen:comment and a second line
type Type struct {
	Func      int32   `db:"func,pk"`
	Range     *string "db:\"range,comment:'a */ and ` and\\nnewline, with commas, ''quotes'' and \\\\backslash'\""
	UserID    *int32  `db:"user_id"`
	Userid    *int32  `db:"userid"`
	AB        *string `db:"a_b"`
	Ab        *string `db:"ab"`
	X1st      *string `db:"1st"`
	FirstName *string `db:"first name"`
	Ünïcode   *string `db:"ünïcode"`
	Mixed     *Kind   `db:"Mixed"`
}

// Users2 is the table users.
//
//schemagen:table users
type Users2 struct {
	ID int32 `db:"id,pk"`
}
