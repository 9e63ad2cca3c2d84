// Package models: the types of PostgreSQL that need type: or come from
// Go types: varchar(n), numeric(p,s), time and timestamp precision,
// interval, uuid, inet, cidr, json, jsonb, bytea and arrays.
package models

import (
	"encoding/json"
	"net"
	"time"
)

// Thing has one column per type. v2 widens code, changes qty from text to
// integer (which needs USING), and adds a varchar array.
//
//schemagen:table things
type Thing struct {
	ID      int64           `db:"id,pk,identity"`
	Code    string          `db:"code,type:varchar(64)"`
	Price   float64         `db:"price,type:numeric(12,3),default:0"`
	At      time.Time       `db:"at,type:time(3)"`
	Stamp   time.Time       `db:"stamp,type:timestamp(6),default:now()"`
	TTL     string          `db:"ttl,type:interval,default:'1 day'"`
	Token   string          `db:"token,type:uuid,default:gen_random_uuid()"`
	Addr    net.IP          `db:"addr"`
	Network string          `db:"network,type:cidr"`
	Raw     json.RawMessage `db:"raw,type:json"`
	Doc     json.RawMessage `db:"doc,default:'{}'"`
	Blob    []byte          `db:"blob,null"`
	Tags    []string        `db:"tags,default:'{}'"`
	Scores  []float64       `db:"scores,null"`
	Qty     int32           `db:"qty,type:integer,default:0"`
	Labels  []string        `db:"labels,type:varchar(20)[],null"`
}
