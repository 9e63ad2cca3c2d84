// Package models: every Go type with an inferred SQL type, type overrides,
// an identity primary key and defaults.
package models

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"
)

// AllTypes has one column per inferred type.
//
//schemagen:table all_types
type AllTypes struct {
	ID        int64           `db:"id,pk,identity"`                      // bigint identity
	Flag      bool            `db:"flag,default:false"`                  // boolean
	Small     int16           `db:"small"`                               // smallint
	Medium    int32           `db:"medium,default:0"`                    // integer
	Big       int64           `db:"big"`                                 // bigint
	Ratio     float32         `db:"ratio"`                               // real
	Score     float64         `db:"score"`                               // double precision
	Name      string          `db:"name,default:'x'"`                    // text
	Code      string          `db:"code,type:varchar(32)"`               // varchar(32)
	Amount    float64         `db:"amount,type:numeric(12,2),default:0"` // numeric(12,2)
	Blob      []byte          `db:"blob"`                                // bytea
	CreatedAt time.Time       `db:"created_at,default:now()"`            // timestamptz
	Payload   json.RawMessage `db:"payload"`                             // jsonb
	Addr      net.IP          `db:"addr"`                                // inet
	Tags      []string        `db:"tags"`                                // text[]
	Counts    []int64         `db:"counts"`                              // bigint[]
	Nick      sql.NullString  `db:"nick"`                                // text NULL
	Rank      sql.NullInt64   `db:"rank"`                                // bigint NULL
	DeletedAt *time.Time      `db:"deleted_at"`                          // timestamptz NULL
	Note      *string         `db:"note"`                                // text NULL
	Skipped   string          `db:"-"`                                   // no column
}

// Legacy is dropped in v2.
//
//schemagen:table legacy
type Legacy struct {
	ID    int32  `db:"id,pk"`
	Value string `db:"value,null"`
}
