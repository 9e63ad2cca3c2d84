package models

import (
	"time"
)

// Cars is the table cars.
//
//schemagen:table cars
//schemagen:inherits public.vehicles
type Cars struct {
	Doors int32 `db:"doors"`
}

// Events is the table events.
//
//schemagen:table events
//schemagen:partition by range (created_at)
//schemagen:partition events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') partition by list (region)
//schemagen:partition events_2024_eu of events_2024 FOR VALUES IN ('eu')
//schemagen:partition events_default DEFAULT
type Events struct {
	ID        int64     `db:"id"`
	CreatedAt time.Time `db:"created_at,type:date"`
	Region    string    `db:"region"`
}

// Scratch is the table scratch.
//
//schemagen:table scratch
//schemagen:exclude scratch_no_overlap USING gist (room WITH =, during WITH &&)
//schemagen:deferrable scratch_code_key initially deferred
//schemagen:include scratch_code_key (qty)
//schemagen:with scratch_code_key fillfactor=80
//schemagen:unlogged
//schemagen:with autovacuum_enabled=false fillfactor=70
//schemagen:rowsecurity force
type Scratch struct {
	ID     int32  `db:"id,pk,identity:always,sequence:INCREMENT 2 START 100"`
	Code   string `db:"code,unique,nullsnotdistinct"`
	Qty    *int32 `db:"qty"`
	Room   int32  `db:"room"`
	During string `db:"during,type:tsrange"`
}

// Vehicles is the table vehicles.
//
//schemagen:table vehicles
//schemagen:check vehicles_wheels_check (wheels >= 0) NO INHERIT
type Vehicles struct {
	ID     *int32 `db:"id"`
	Wheels int32  `db:"wheels,default:4"`
}
