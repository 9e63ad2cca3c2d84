// Package models is a GORM model set that covers the schema tags GORM
// documents (https://gorm.io/docs/models.html#Fields-Tags, indexes,
// constraints and associations). schemagen's test migrates a database
// with GORM's own AutoMigrate and compares it with what the parser reads.
//
//schemagen:gorm
package models

import (
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// Base is a hand-written gorm.Model: only embedded, so no table.
type Base struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Address is embedded without a prefix.
type Address struct {
	Street string `gorm:"size:200"`
	City   string `gorm:"size:100;index"`
}

// Meta is embedded with a prefix.
type Meta struct {
	Weight float64
	Color  string `gorm:"size:20;default:'black';index"`
}

// User embeds gorm.Model and has every kind of association.
type User struct {
	gorm.Model
	Name         string `gorm:"size:100;not null;index"`
	Email        string `gorm:"uniqueIndex;size:255"`
	Age          uint8  `gorm:"check:age < 200"`
	Birthday     *time.Time
	MemberNumber sql.NullString
	ActivatedAt  sql.NullTime
	Role         string `gorm:"type:varchar(20);default:'member'"`
	CompanyID    *int
	Company      Company    `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL;"`
	Profile      Profile    // has one
	Orders       []Order    // has many
	Languages    []Language `gorm:"many2many:user_languages;"`
	Friends      []*User    `gorm:"many2many:user_friends"`
}

// Company is referenced by users (belongs to).
type Company struct {
	ID int
	Address
	Name string
}

// Profile is a user's has-one.
type Profile struct {
	ID     uint `gorm:"primaryKey"`
	UserID uint
	Bio    string `gorm:"comment:the user's bio"`
	Avatar []byte
}

// Order is a user's has-many.
type Order struct {
	ID        uint64 `gorm:"primaryKey;autoIncrement"`
	UserID    uint
	Total     float64   `gorm:"precision:12;scale:2"`
	Status    string    `gorm:"size:16;default:pending;index:idx_orders_status_created,priority:1"`
	CreatedAt time.Time `gorm:"index:idx_orders_status_created,priority:2,sort:desc"`
	UpdatedAt int64
	User      *User       // belongs to, whose key users' has-many makes
	Items     []OrderItem `gorm:"constraint:fk_order_items_order,OnDelete:CASCADE"`
}

// OrderItem has a composite primary key.
type OrderItem struct {
	OrderID     uint    `gorm:"primaryKey;autoIncrement:false"`
	Line        int     `gorm:"primaryKey;autoIncrement:false"`
	ProductCode string  `gorm:"size:32"`
	Product     Product `gorm:"foreignKey:ProductCode;references:Code"`
	Quantity    int32   `gorm:"not null;default:1;check:chk_order_items_quantity_positive,quantity > 0"`
}

// Product has a string primary key and an embedded struct with a prefix.
type Product struct {
	Code         string         `gorm:"primaryKey;size:32"`
	Name         string         `gorm:"not null"`
	Price        float32        `gorm:"default:9.5"`
	Attributes   map[string]any `gorm:"serializer:json"`
	Meta         Meta           `gorm:"embedded;embeddedPrefix:meta_"`
	Discontinued bool           `gorm:"default:false"`
}

// Language is the other side of users' many2many.
type Language struct {
	ID    uint
	Code  string `gorm:"unique;size:8"`
	Name  string
	Users []User `gorm:"many2many:user_languages"` // the same join table
}

// Account has its table name from TableName, a uuid key and permissions.
type Account struct {
	ID       string `gorm:"type:uuid;primaryKey;default:gen_random_uuid()"`
	UserID   uint   `gorm:"uniqueIndex:idx_account_user_kind"`
	Kind     string `gorm:"uniqueIndex:idx_account_user_kind;size:10"`
	Balance  int64  `gorm:"default:0;->"`
	Secret   string `gorm:"-"`
	Legacy   string `gorm:"-:migration"`
	ReadOnly string `gorm:"->;<-:create"`
	Hidden   string `gorm:"-:all"`
}

// TableName names Account's table.
func (Account) TableName() string { return "bank_accounts" }

const auditTable = "audit_log"

// AuditLog takes its table name from a constant and covers the
// auto-time tags.
type AuditLog struct {
	ID          int64     `gorm:"primaryKey;autoIncrement;autoIncrementIncrement:10"`
	Payload     string    `gorm:"type:jsonb;not null;default:'{}'"`
	Level       int16     `gorm:"default:0x10"`
	CreatedAt   time.Time `gorm:"autoCreateTime;precision:3"`
	CreatedUnix int64     `gorm:"autoCreateTime:milli"`
	UpdatedNano int64     `gorm:"autoUpdateTime:nano"`
	Message     string    `gorm:"column:msg;type:text;comment:what happened"`
}

// TableName names AuditLog's table.
func (*AuditLog) TableName() string { return auditTable }

// Post has soft deletes, partial and expression indexes and many2many
// tags.
type Post struct {
	ID        uint
	DeletedAt gorm.DeletedAt `gorm:"index"`
	Title     string         `gorm:"size:200;index:,class:UNIQUE,where:deleted_at IS NULL"`
	Slug      string         `gorm:"uniqueIndex:idx_posts_slug,where:deleted_at IS NULL"`
	LowerSlug string         `gorm:"index:idx_posts_lower_slug,expression:lower(slug)"`
	Views     int            `gorm:"index:,sort:desc,comment:most viewed first"`
	Ratio     float64        `gorm:"index:idx_posts_ratio,option:CONCURRENTLY;check:ratio_range,ratio >= 0 AND ratio <= 1"`
	Score     float64        `gorm:"check:score >= 0"`
	Body      string         `gorm:"type:text;comment:markdown body"`
	Name      string         `gorm:"index:,collate:ucs_basic,length:10"`
	AuthorID  uint
	Author    User
	Comments  []Comment `gorm:"constraint:OnDelete:CASCADE"`
	Tags      []Tag     `gorm:"many2many:post_tags;joinForeignKey:PostRef;joinReferences:TagRef;constraint:OnDelete:CASCADE"`
}

// Comment references itself.
type Comment struct {
	ID       uint
	PostID   uint
	ParentID *uint
	Parent   *Comment
	Replies  []Comment `gorm:"foreignKey:ParentID;constraint:OnDelete:SET NULL"`
	Text     string    `gorm:"not null"`
}

// Tag is the other side of posts' many2many; it embeds Base.
type Tag struct {
	Base
	Name string `gorm:"uniqueIndex;size:50;not null"`
}

// Event has generated columns and embeds a struct through a pointer.
type Event struct {
	ID int
	*Address
	Price    float64 `gorm:"precision:10;scale:2"`
	Quantity int
	Total    float64 `gorm:"precision:12;scale:2;generated:price * quantity"`
	Seq      int64   `gorm:"generated:identity always"`
	Counter  int32   `gorm:"generated:identity"`
}

// Setting covers defaults of every kind and nullable wrappers.
type Setting struct {
	Key       string         `gorm:"primaryKey;size:64"`
	Value     string         `gorm:"type:varchar(1024)"`
	Enabled   bool           `gorm:"not null;default:true"`
	Weight    float32        `gorm:"default:1.5"`
	Threshold int            `gorm:"default:-3"`
	Note      sql.NullString `gorm:"default:null"`
	Retries   sql.NullInt32
	Small     sql.NullInt16
	Flag      sql.NullBool
	Ratio     sql.NullFloat64
	Big       sql.NullInt64
	Byte      sql.NullByte
	Generic   sql.Null[int32]
	Quoted    string `gorm:"default:'it''s'"`
	Size      int    `gorm:"size:16"`
	Medium    int    `gorm:"size:32"`
	Tiny      int8
	U16       uint16
	U32       uint32
	Blob      []byte    `gorm:"not null"`
	Stamp     time.Time `gorm:"default:now()"`
	Created   int64     `gorm:"autoCreateTime"`
}

// Session has a belongs-to without a constraint, composite and brin
// indexes.
type Session struct {
	ID        string    `gorm:"primaryKey;type:char(36)"`
	UserID    uint      `gorm:"index:,composite:owner"`
	User      User      `gorm:"constraint:-"`
	Kind      string    `gorm:"index:,composite:owner;size:8"`
	Token     []byte    `gorm:"uniqueIndex"`
	ExpiresAt time.Time `gorm:"not null;index:,type:brin"`
	IP        string    `gorm:"column:ip_address;type:inet;index:idx_sessions_ip,unique"`
	HTTPPath  string
}

// Ignored is left out with //schemagen:ignore.
//
//schemagen:ignore
type Ignored struct {
	ID uint
}

// All lists the models AutoMigrate takes, as schemagen reads them.
func All() []any {
	return []any{
		&User{}, &Company{}, &Profile{}, &Order{}, &OrderItem{}, &Product{},
		&Language{}, &Account{}, &AuditLog{}, &Post{}, &Comment{}, &Tag{},
		&Event{}, &Setting{}, &Session{},
	}
}
