// Package models holds the models of the database schema, written by
// `schemagen import`.
// Edit them as your own: `schemagen revision --autogenerate` turns
// each change into a migration.
package models
