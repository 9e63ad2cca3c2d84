// Package models holds the models of the database schema, written by
// `schemagen import`.
// Edit them as your own: `schemagen revision --autogenerate` turns
// each change into a migration.
//
//schemagen:schema billing comment Money matters.
//schemagen:sql schema.sql
package models
