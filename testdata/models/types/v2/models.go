// Package models: every Go type with an inferred SQL type, type overrides,
// an identity primary key and defaults.
package models

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"
)

// AllTypes has one column per inferred type. v2 widens code, changes the
// default of name, makes ratio NULL-able, drops medium's default and the
// table legacy.
//
//schemagen:table all_types
type AllTypes struct {
	ID        int64           `db:"id,pk,identity"`
	Flag      bool            `db:"flag,default:false"`
	Small     int16           `db:"small"`
	Medium    int32           `db:"medium"`
	Big       int64           `db:"big"`
	Ratio     *float32        `db:"ratio"`
	Score     float64         `db:"score"`
	Name      string          `db:"name,default:'y'"`
	Code      string          `db:"code,type:varchar(64),unique"`
	Amount    float64         `db:"amount,type:numeric(12,2),default:0"`
	Blob      []byte          `db:"blob"`
	CreatedAt time.Time       `db:"created_at,default:now()"`
	Payload   json.RawMessage `db:"payload,null"`
	Addr      net.IP          `db:"addr"`
	Tags      []string        `db:"tags"`
	Counts    []int64         `db:"counts"`
	Nick      sql.NullString  `db:"nick"`
	Rank      sql.NullInt64   `db:"rank"`
	DeletedAt *time.Time      `db:"deleted_at"`
	Note      *string         `db:"note,notnull,default:''"`
	Skipped   string          `db:"-"`
}
