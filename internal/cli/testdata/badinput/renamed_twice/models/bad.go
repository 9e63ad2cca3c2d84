package models

// Account used to be client.
//
//schemagen:table
//schemagen:renamed client
type Account struct {
	ID int64 `db:"id,pk"`
}

// Patron says it used to be client too.
//
//schemagen:table
//schemagen:renamed client
type Patron struct { // want `table patron: //schemagen:renamed client, as table account says too; one table only can take the old one's place \(also at .*models/bad\.go:7:6\)`
	ID int64 `db:"id,pk"`
}

// Contact has two columns renamed from mail.
//
//schemagen:table
type Contact struct {
	ID    int64  `db:"id,pk"`
	Email string `db:"email,renamed:mail"`
	Phone string `db:"phone,renamed:mail"` // want `field Phone: option "renamed": another column is renamed from "mail" too; one column only can take the old one's place \(also at .*models/bad\.go:24:2\)`
}
