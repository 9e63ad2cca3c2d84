package models

import (
	"time"

	"example.com/rt/models/base"
)

// Audit is embedded after a field of the same column.
type Audit struct {
	UpdatedAt time.Time `db:"updated_at"` // want `duplicate column "updated_at" \(also at .*models/bad.go:18:2\)`
}

//schemagen:table
type Order struct {
	base.Base
	Created   time.Time `db:"created_at"` // want `duplicate column "created_at" \(also at .*models/base/base.go:9:2\)`
	UpdatedAt time.Time `db:"updated_at"`
	Audit
}
