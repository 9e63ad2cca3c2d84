// Package models is a bun model set that covers the schema tags bun
// documents (https://bun.uptrace.dev/guide/models.html, relations).
// schemagen's test creates its tables with bun's own CREATE TABLE (with
// foreign keys) and compares them with what the parser reads.
//
//schemagen:bun
package models

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"

	"github.com/uptrace/bun"
)

// Timestamps is embedded without a prefix.
type Timestamps struct {
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	UpdatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Address is embedded with a prefix.
type Address struct {
	Street string
	City   string `bun:",notnull"`
	Zip    string `bun:"postal_code,unique:uq_zip"`
}

// Meta is a struct column: jsonb.
type Meta struct {
	Source string
}

// Company is what users belong to.
type Company struct {
	bun.BaseModel `bun:"table:companies,alias:c"`

	ID   int64  `bun:",pk,autoincrement"`
	Name string `bun:",notnull,unique"`
	Address
	Billing Address `bun:"embed:billing_"`
}

// User covers the column types and options.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID        int64  `bun:"id,pk,autoincrement"`
	Email     string `bun:",unique,notnull"`
	Name      string `bun:"type:varchar(100)"`
	Age       int8
	Small     int16
	Medium    int32
	Big       uint64
	U8        uint8
	U16       uint16
	U32       uint32
	Ratio     float32
	Score     float64 `bun:",default:0"`
	Active    bool    `bun:",notnull,default:true"`
	Avatar    []byte
	Tags      []string `bun:",array"`
	Scores    []int64  `bun:"type:bigint[]"`
	Prefs     map[string]any
	Meta      Meta
	Raw       json.RawMessage
	IP        net.IP
	Nick      sql.NullString
	Count     sql.NullInt64
	SeenAt    sql.NullTime
	Deleted   time.Time `bun:",soft_delete,nullzero"`
	Note      *string   `bun:"column:remark,skipupdate"`
	Computed  int       `bun:",scanonly"`
	Ignored   string    `bun:"-"`
	Kind      string    `bun:",unique:uq_user_kind"`
	Slot      int       `bun:",unique:uq_user_kind"`
	CompanyID int64
	Company   *Company `bun:"rel:belongs-to,join:company_id=id,on_delete:CASCADE"`
	Profile   *Profile `bun:"rel:has-one,join:id=user_id"`
	Posts     []*Post  `bun:"rel:has-many,join:id=author_id"`
	Groups    []Group  `bun:"m2m:user_groups,join:User=Group"`
	Timestamps
}

// Profile is a user's has-one; it belongs to the user by user_id.
type Profile struct {
	bun.BaseModel `bun:"table:profiles"`

	ID     int64 `bun:",pk,identity"`
	UserID int64 `bun:",notnull"`
	User   *User `bun:"rel:belongs-to,join:user_id=id,on_delete:CASCADE,on_update:CASCADE"`
	Bio    string
}

// Post belongs to its author; its table name is bun's default.
type Post struct {
	bun.BaseModel

	ID       int64 `bun:",pk,autoincrement"`
	AuthorID int64
	Author   *User  `bun:"rel:belongs-to,join:author_id=id"`
	Title    string `bun:",notnull"`
	Body     string `bun:"type:text"`
}

// Group is the other side of users' m2m.
type Group struct {
	bun.BaseModel `bun:"table:groups"`

	ID   int32 `bun:",pk,autoincrement"`
	Name string
}

// UserGroup is the m2m table: its keys reference both sides.
type UserGroup struct {
	bun.BaseModel `bun:"table:user_groups"`

	UserID  int64  `bun:",pk"`
	User    *User  `bun:"rel:belongs-to,join:user_id=id"`
	GroupID int32  `bun:",pk"`
	Group   *Group `bun:"rel:belongs-to,join:group_id=id"`
}

// Setting has a composite key, a belongs-to by bun's default join and
// a table in another schema.
type Setting struct {
	bun.BaseModel `bun:"table:config.settings"`

	Scope   string `bun:",pk"`
	Key     string `bun:",pk,type:varchar(64)"`
	Value   string `bun:",nullzero"`
	OwnerID int64
	Owner   *User `bun:"rel:belongs-to"`
}

// Scratch is no model: it is marked //schemagen:ignore.
//
//schemagen:ignore
type Scratch struct {
	bun.BaseModel
	ID int
}

// All lists the models in an order that creates referenced tables
// first.
func All() []any {
	return []any{(*Company)(nil), (*User)(nil), (*Profile)(nil), (*Post)(nil), (*Group)(nil), (*UserGroup)(nil), (*Setting)(nil)}
}
