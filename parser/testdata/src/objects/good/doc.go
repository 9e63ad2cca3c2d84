// Package good declares objects beside its tables.
//
//schemagen:extension citext
//schemagen:extension "pg_trgm" schema extensions
//schemagen:sql sql/*.sql
package good
