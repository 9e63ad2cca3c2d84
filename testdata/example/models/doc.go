// Package models holds the tables of the example shop: customers and
// products in the public schema, invoices and their lines in the billing
// schema.
//
// `go generate ./...` writes a migration when a model changed, comparing
// the models with the migrations replayed in memory (no database needed),
// and writes nothing when nothing changed. Without -m, the migration's
// message says what changed ("add tasks.estimate").
package models

//go:generate go tool schemagen revision --autogenerate --offline
