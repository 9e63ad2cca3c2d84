package models

// Mood is an enum whose values look like attacks on a database whose
// standard_conforming_strings is off: each must be stored as written.
//
//schemagen:enum
type Mood string

const (
	MoodPlain Mood = "plain"
	MoodQuote Mood = "it\\'s; DROP TABLE sentinel; --"
	MoodBreak Mood = "x\\'); DROP TABLE sentinel; --"
)

// Tricky holds legitimate values that read as attacks where backslashes
// escape quotes: comments stored as written, and a default that is one
// expression where standard_conforming_strings is on (as in every session
// schemagen opens) but two statements where it is off, were it written
// '\' (which schemagen refuses for that reason); as E'\\' it reads the same
// either way.
//
//schemagen:table tricky
type Tricky struct {
	ID    int64   `db:"id,pk"`
	Mood  Mood    `db:"mood,default:'plain'"`
	Note  *string `db:"note,comment:'it\\''s; DROP TABLE sentinel; --'"`
	Other *string `db:"other,comment:'x\\''; DROP TABLE sentinel; --'"`
	Slash string  `db:"slash,default:E'\\\\' || ';DROP TABLE sentinel; -- '"`
}
