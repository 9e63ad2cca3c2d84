// Package good holds models that cover every inference rule.
package good

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"

	"example.com/good/uuid"
)

// Status is a named string type: its column is text.
type Status string

// Cents is a named integer type: its column is bigint.
type Cents int64

// Names is a named slice of strings.
type Names []string

// audit is embedded although unexported: its exported fields are columns.
type audit struct {
	AuditedBy string
}

// Ignored is embedded with db:"-".
type Ignored struct {
	Secret string
}

// Kind has one field per inference rule.
//
//schemagen:table
type Kind struct {
	ID            int64 `db:"id,pk,identity"`
	Flag          bool
	Tiny          int8
	Small         int16
	Medium        int32
	Plain         int
	Big           int64
	U8            uint8
	U16           uint16
	U32           uint32
	F32           float32
	F64           float64
	Text          string
	Blob          []byte
	At            time.Time
	Doc           json.RawMessage
	UID           uuid.UUID
	Addr          net.IP
	Tags          []string
	Nums          []int64
	Stamps        []time.Time
	NString       sql.NullString
	NInt64        sql.NullInt64
	NInt32        sql.NullInt32
	NInt16        sql.NullInt16
	NBool         sql.NullBool
	NFloat        sql.NullFloat64
	NTime         sql.NullTime
	NByte         sql.NullByte
	NGeneric      sql.Null[int32]
	State         Status
	Amount        Cents
	Aliases       Names
	Ptr           *string
	PtrTime       *time.Time
	ForcedNull    string  `db:",null"`
	ForcedNotNull *int64  `db:",notnull"`
	Price         float64 `db:"price,type:numeric(12,2),default:0"`
	Note          string  `db:"note,default:'a,b'"`
	Big2          uint64  `db:"big2,type:numeric(20)"`
	Skipped       string  `db:"-"`
	unexported    string
	audit
	Ignored `db:"-"`
}
