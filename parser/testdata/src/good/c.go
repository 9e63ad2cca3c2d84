package good

import (
	"database/sql"

	"example.com/good/enums"
)

// Priority is an enum named after the type.
//
//schemagen:enum
type Priority string

// Its values are its typed constants in declaration order, wherever they
// are declared in the package; untyped constants and constants of other
// types do not count.
const (
	Low     Priority = "low"
	Medium  Priority = "medium"
	Untyped          = "untyped"
	High    Priority = "high"
	Other   Status   = "other"
)

// Urgent comes after the others, declared on its own.
const Urgent Priority = "urgent"

// InvoiceState is an enum in another schema, named by its directive.
//
//schemagen:enum billing.invoice_state
type InvoiceState string

// The values of InvoiceState.
const (
	Draft InvoiceState = "draft"
	Paid  InvoiceState = "paid"
)

// Task uses every new option and directive.
//
//schemagen:table
//schemagen:index tasks_owner_due_idx (owner, due)
//schemagen:index tasks_title_lower_idx UNIQUE (lower(title), coalesce(note, '(none)')) where title <> 'a // b' // a trailing comment
//schemagen:index tasks_due_desc_idx using BTREE (due DESC NULLS LAST, owner) include (title, "note")
//schemagen:index tasks_tags_idx using gin (tags)
//schemagen:index tasks_quoted_idx ("owner")
//schemagen:check tasks_due_after_start due > 0 AND owner <> ''
//schemagen:check tasks_title_check length(title) < 200
//schemagen:comment Tasks to do.
//schemagen:comment See https://example.com/tasks for more.
//schemagen:renamed billing.todo
type Task struct {
	ID       int64                 `db:"id,pk,identity"`
	Owner    string                `db:"owner,renamed:owner_name,comment:'the owner, in full'"`
	Due      int64                 `db:"due,check:due >= 0"`
	Title    string                `db:"title,comment:\"a title, \"\"quoted\"\"\""`
	Note     *string               `db:"note"`
	Slug     string                `db:"slug,generated:lower(title)"`
	Tags     []string              `db:"tags"`
	Prio     Priority              `db:"prio,default:'low'"`
	MaybePr  *Priority             `db:"maybe_prio"`
	NullPrio sql.Null[Priority]    `db:"null_prio"`
	Prios    []Priority            `db:"prios"`
	AsText   Priority              `db:"as_text,type:text"`
	State    InvoiceState          `db:"state"`
	Color    enums.Color           `db:"color"`
	Colors   []*enums.Color        `db:"colors"`
	NColor   sql.Null[enums.Color] `db:"n_color"`
	Gen      *int64                `db:"gen,generated:due * 2,null"`
}
