package partitions

import "time"

// Event is partitioned by day, with a partition per year and a default.
//
//schemagen:table
//schemagen:partition by range (created_on)
//schemagen:partition events_2024 for values from ('2024-01-01') to ('2025-01-01')
//schemagen:partition archive.events_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01') // a comment
//schemagen:partition events_rest default
//schemagen:index events_account_idx (account_id)
type Event struct {
	ID        int64     `db:"id,pk,identity"`
	CreatedOn time.Time `db:"created_on,pk,type:date"`
	AccountID int64     `db:"account_id"`
}

// Region is partitioned by list and hash.
//
//schemagen:table billing.regions
//schemagen:partition BY LIST (lower(code))
//schemagen:partition regions_eu for values in ('eu', 'uk')
//schemagen:partition regions_us FOR VALUES IN ('us') PARTITION BY HASH (code)
//schemagen:partition regions_us_0 of regions_us for values with (modulus 2, remainder 0)
//schemagen:partition billing.regions_us_1 of billing.regions_us for values with (modulus 2, remainder 1)
type Region struct {
	Code string `db:"code"`
}

// Vehicle is a parent of inheritance children.
//
//schemagen:table
type Vehicle struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Car inherits Vehicle's columns by embedding its struct.
//
//schemagen:table
//schemagen:inherits vehicle
type Car struct {
	Vehicle
	Doors int32 `db:"doors"`
}
