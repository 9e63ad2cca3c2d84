package models

// Stage is an enum in the schema of reversible drops' archives.
//
//schemagen:enum schemagen_archive.stage
type Stage string // want `enum schemagen_archive\.stage is in schema schemagen_archive, which holds the archives of reversible drops`

const StageNew Stage = "new"

// Kept is in the schema of an archived table.
//
//schemagen:table schemagen_archive_20260101000000_public_kept.kept
type Kept struct { // want `table schemagen_archive_20260101000000_public_kept\.kept is in schema schemagen_archive_20260101000000_public_kept`
	ID int64 `db:"id,pk"`
}
