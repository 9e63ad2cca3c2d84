// Package models: indexes by directive: expression, partial, DESC, gin on
// jsonb and INCLUDE.
package models

import (
	"encoding/json"
	"time"
)

// User has one index of each kind.
//
//schemagen:table users
//schemagen:index users_lower_email_idx (lower(email))
//schemagen:index users_recent_idx (created_at DESC, id) where deleted_at is null
//schemagen:index users_prefs_idx using gin (prefs)
//schemagen:index users_org_idx (org_id) include (email, created_at)
type User struct {
	ID        int64           `db:"id,pk,identity"`
	OrgID     int64           `db:"org_id"`
	Email     string          `db:"email"`
	Prefs     json.RawMessage `db:"prefs,default:'{}'"`
	CreatedAt time.Time       `db:"created_at,default:now()"`
	DeletedAt *time.Time      `db:"deleted_at"`
}
