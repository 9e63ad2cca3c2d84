// Package dburl handles PostgreSQL connection strings, in both forms that
// lib/pq reads (postgres:// URLs and key/value strings such as
// "host=db dbname=app"): the default server, switching the database name,
// and keeping passwords out of everything schemagen prints ([Redact],
// [Scrub], [ScrubError], [ScrubWriter]). It needs only the standard
// library, so that the migrate runtime uses it too.
package dburl

import (
	"fmt"
	"net/url"
	"strings"
)

// Default is the server used when nothing else names one.
const Default = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// WithDatabase returns connString with its database name replaced by name.
// A URL gets name as its path; a key/value string loses its dbname
// settings and gets dbname=name at the end.
func WithDatabase(connString, name string) (string, error) {
	if !isURL(connString) {
		var b strings.Builder
		last := 0
		for _, kv := range splitKeyValues(connString) {
			if kv.key == "dbname" {
				b.WriteString(connString[last:kv.keyStart])
				last = kv.valueEnd
			}
		}
		b.WriteString(connString[last:])
		out := strings.TrimSpace(b.String())
		if out != "" {
			out += " "
		}
		return out + "dbname=" + quoteValue(name), nil
	}
	parsed, err := url.Parse(connString)
	if err != nil || (parsed.Scheme != "postgres" && parsed.Scheme != "postgresql") {
		return "", fmt.Errorf("database URL must look like postgres://user@host:port/dbname or host=... dbname=..., got %q", Redact(connString))
	}
	parsed.Path = "/" + name
	parsed.RawPath = ""
	return parsed.String(), nil
}

// Database returns the database name that connString names, empty when it
// names none.
func Database(connString string) string {
	if !isURL(connString) {
		name := ""
		for _, kv := range splitKeyValues(connString) {
			if kv.key == "dbname" {
				name = kv.value
			}
		}
		return name
	}
	parsed, err := url.Parse(connString)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(parsed.Path, "/")
}

// quoteValue quotes v as a value of a key/value connection string (not
// SQL): in single quotes, with backslashes and single quotes escaped by a
// backslash, as libpq reads it.
func quoteValue(v string) string {
	var b strings.Builder
	b.WriteByte('\'')
	b.WriteString(strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v))
	b.WriteByte('\'')
	return b.String()
}
