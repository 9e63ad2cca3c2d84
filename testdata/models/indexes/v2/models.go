// Package models: indexes by directive: expression, partial, DESC, gin on
// jsonb and INCLUDE.
package models

import (
	"encoding/json"
	"time"
)

// User has one index of each kind. v2 changes the predicate of the
// partial index and adds a unique expression index.
//
//schemagen:table users
//schemagen:index users_lower_email_idx (lower(email))
//schemagen:index users_recent_idx (created_at DESC, id) where deleted_at is null and org_id > 0
//schemagen:index users_prefs_idx using gin (prefs)
//schemagen:index users_org_idx (org_id) include (email, created_at)
//schemagen:index users_org_email_key unique (org_id, lower(email))
type User struct {
	ID        int64           `db:"id,pk,identity"`
	OrgID     int64           `db:"org_id"`
	Email     string          `db:"email"`
	Prefs     json.RawMessage `db:"prefs,default:'{}'"`
	CreatedAt time.Time       `db:"created_at,default:now()"`
	DeletedAt *time.Time      `db:"deleted_at"`
}
