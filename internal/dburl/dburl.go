// Package dburl handles PostgreSQL connection URLs: the default server,
// switching the database name, and hiding passwords in output.
package dburl

import (
	"fmt"
	"net/url"
	"strings"
)

// Default is the server used when nothing else names one.
const Default = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// WithDatabase returns u with its database name replaced by name.
func WithDatabase(u, name string) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "postgres" && parsed.Scheme != "postgresql") {
		return "", fmt.Errorf("database URL must look like postgres://user@host:port/dbname, got %q", Redact(u))
	}
	parsed.Path = "/" + name
	parsed.RawPath = ""
	return parsed.String(), nil
}

// Database returns the database name of u, empty when it names none.
func Database(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(parsed.Path, "/")
}

// Redact returns u with its password, if any, replaced by "***". Every
// URL that schemagen prints or puts in an error passes through it.
func Redact(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		// Not a URL: hide anything that looks like user:password@.
		if at := strings.LastIndexByte(u, '@'); at >= 0 {
			if i := strings.Index(u, "://"); i >= 0 && i < at {
				creds := u[i+3 : at]
				if c := strings.IndexByte(creds, ':'); c >= 0 {
					return u[:i+3] + creds[:c] + ":***" + u[at:]
				}
			}
		}
		return u
	}
	if parsed.User != nil {
		if _, ok := parsed.User.Password(); ok {
			parsed.User = url.UserPassword(parsed.User.Username(), "___REDACTED___")
			return strings.Replace(parsed.String(), "___REDACTED___", "***", 1)
		}
	}
	if q := parsed.Query(); q.Has("password") {
		q.Set("password", "___REDACTED___")
		parsed.RawQuery = q.Encode()
		return strings.Replace(parsed.String(), "___REDACTED___", "***", 1)
	}
	return u
}

// RedactError returns err's text with every occurrence of u's password
// removed, for errors from drivers that quote the URL.
func RedactError(err error, u string) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if parsed, perr := url.Parse(u); perr == nil && parsed.User != nil {
		if pw, ok := parsed.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "***")
		}
	}
	return strings.ReplaceAll(msg, u, Redact(u))
}
