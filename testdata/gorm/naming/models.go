// Package naming is a second GORM model set, migrated with a
// NamingStrategy of singular table names and a table prefix, with the
// associations whose foreign keys GORM finds in less common ways.
//
//schemagen:gorm singulartable tableprefix=app_
package naming

// Company is what users belong to.
type Company struct {
	ID   int
	Name string
}

// User has one card by a foreign key of another name, many orders,
// roles and friends, and a manager without a constraint.
type User struct {
	ID        uint
	CompanyID *int
	Company   Company `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
	ManagerID *uint
	Manager   *User      `gorm:"constraint:-"`
	Card      CreditCard `gorm:"foreignKey:OwnerID"`
	Orders    []Order
	Roles     []Role  `gorm:"many2many:UserRoles;constraint:OnDelete:CASCADE"`
	Friends   []*User `gorm:"many2many:friendships;joinForeignKey:a_id;joinReferences:b_id"`
	Audit
	Meta Audit `gorm:"embedded;embeddedPrefix:meta_"`
}

// Audit is embedded twice: both index on Note share the name, so GORM
// makes them one index.
type Audit struct {
	By   string `gorm:"size:40"`
	Note string `gorm:"index"`
}

// CreditCard is a user's has-one, by OwnerID.
type CreditCard struct {
	ID      uint
	Number  string `gorm:"size:19"`
	OwnerID uint
}

// Order belongs to a user by the key the user's has-many makes: one
// foreign key, the has-many's.
type Order struct {
	ID     uint
	UserID uint
	User   User `gorm:"constraint:fk_order_owner,OnDelete:RESTRICT"`
	SKU    string
	Item   Item `gorm:"foreignKey:SKU;references:Code"`
}

// Item has a key of a custom type, which foreign keys to it take.
type Item struct {
	Code string `gorm:"primaryKey;type:varchar(12)"`
}

// Role declares users' join table too, last: its declaration wins.
type Role struct {
	ID    int16 `gorm:"primaryKey"`
	Name  string
	Users []User `gorm:"many2many:UserRoles"`
}

// Archived lives in schema old, by its TableName.
type Archived struct {
	ID   int
	Note string `gorm:"index"`
}

// TableName names Archived's table.
func (*Archived) TableName() string { return "old.archived" }

// All lists the models in declaration order.
func All() []any {
	return []any{&Company{}, &User{}, &CreditCard{}, &Order{}, &Item{}, &Role{}, &Archived{}}
}
