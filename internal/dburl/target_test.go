package dburl

import (
	"testing"

	"github.com/lib/pq"
)

func TestWithApplicationName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{name: "url with query", in: "postgres://u:pw@db:5432/app?sslmode=disable", want: "postgres://u:pw@db:5432/app?sslmode=disable&application_name=schemagen"},
		{name: "url without query", in: "postgres://db/app", want: "postgres://db/app?application_name=schemagen"},
		{name: "url with empty query", in: "postgres://db/app?", want: "postgres://db/app?application_name=schemagen"},
		{name: "url sets one", in: "postgres://db/app?application_name=web", want: "postgres://db/app?application_name=web"},
		{name: "url sets a fallback", in: "postgres://db/app?fallback_application_name=web", want: "postgres://db/app?fallback_application_name=web"},
		{name: "url with hash", in: "postgres://u:a#b@db/app", want: "postgres://u:a#b@db/app"},
		{name: "key/value", in: "host=db dbname=app", want: "host=db dbname=app application_name='schemagen'"},
		{name: "key/value sets one", in: "host=db application_name = 'my app'", want: "host=db application_name = 'my app'"},
		{name: "empty", in: "", want: "application_name='schemagen'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := WithApplicationName(tc.in, ApplicationName)
			if got != tc.want {
				t.Errorf("WithApplicationName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if tc.in == "" || got == tc.in {
				return
			}
			// The driver reads it so.
			cfg, err := pq.NewConfig(got)
			if err != nil || cfg.ApplicationName != "schemagen" {
				t.Errorf("lib/pq reads %q as application_name %q, %v", got, cfg.ApplicationName, err)
			}
		})
	}
}

func TestTarget(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name, in, want string
	}{
		{name: "default", in: Default, want: "127.0.0.1:5432/postgres"},
		{name: "password", in: "postgres://app:s3cret@db.example:6543/app?sslmode=require&password=other", want: "db.example:6543/app"},
		{name: "no port", in: "postgresql://app@db/app", want: "db:5432/app"},
		{name: "no database: the user's name", in: "postgres://app@db", want: "db:5432/app"},
		{name: "no host", in: "postgres:///app", want: "localhost:5432/app"},
		{name: "host in query", in: "postgres:///app?host=/var/run/postgresql", want: "/var/run/postgresql:5432/app"},
		{name: "ipv6", in: "postgres://[::1]:5433/app", want: "[::1]:5433/app"},
		{name: "key/value", in: "host=db port=5433 dbname=app user=u password=secret", want: "db:5433/app"},
		{name: "key/value quoted", in: "host=db dbname='my app' password='x y'", want: "db:5432/my app"},
		{name: "malformed url is redacted", in: "postgres://u:pa%zz@db/app", want: "postgres://u:***@db/app"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Target(tc.in, getenv); got != tc.want {
				t.Errorf("Target(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	pgenv := map[string]string{"PGHOST": "envhost", "PGPORT": "7777", "PGDATABASE": "envdb"}
	if got := Target("sslmode=disable", func(k string) string { return pgenv[k] }); got != "envhost:7777/envdb" {
		t.Errorf("Target with the PG variables = %q, want envhost:7777/envdb", got)
	}
}
