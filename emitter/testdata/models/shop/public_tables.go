package models

import (
	"encoding/json"
	"time"
)

// Users is the table users.
//
//schemagen:table users
//schemagen:comment People who log in.
//schemagen:comment Second line.
//schemagen:index users_lower_email_idx (lower((email)::text))
//schemagen:index users_active_idx (created_at DESC) where (api_url IS NOT NULL)
//schemagen:index users_tags_idx using gin (tags)
type Users struct {
	ID         int64           `db:"id,pk,identity"`
	Email      string          `db:"email,type:character varying(320),unique,comment:'Where we write, it''s unique.'"`
	APIURL     *string         `db:"api_url"`
	Mood       *Mood           `db:"mood"`
	Moods      []Mood          `db:"moods,default:'{}'::mood[]"`
	Tags       *[]string       `db:"tags"`
	Settings   json.RawMessage `db:"settings,default:'{}'::jsonb"`
	CreatedAt  time.Time       `db:"created_at,type:timestamp with time zone,default:now()"`
	Born       *time.Time      `db:"born,type:date"`
	Price      *string         `db:"price,type:numeric(12,2)"`
	Photo      *[]byte         `db:"photo"`
	Name       string          `db:"name,collate:\"C\""`
	LowerEmail *string         `db:"lower_email,generated:lower((email)::text)"`
}
