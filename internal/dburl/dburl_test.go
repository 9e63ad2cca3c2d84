package dburl

import "testing"

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "no password", in: "postgres://postgres@127.0.0.1:5432/db?sslmode=disable", want: "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"},
		{name: "password", in: "postgres://app:s3cret@db:5432/app", want: "postgres://app:***@db:5432/app"},
		{name: "password in query", in: "postgres://db/app?password=s3cret&sslmode=disable", want: "postgres://db/app?password=***&sslmode=disable"},
		{name: "not a URL", in: "host=db user=app", want: "host=db user=app"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestWithDatabase(t *testing.T) {
	tests := []struct {
		name, in, db, want string
		wantErr            bool
	}{
		{name: "replace", in: "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", db: "x", want: "postgres://postgres@127.0.0.1:5432/x?sslmode=disable"},
		{name: "add", in: "postgresql://h", db: "y", want: "postgresql://h/y"},
		{name: "bad scheme", in: "mysql://h/db", db: "y", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := WithDatabase(tc.in, tc.db)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("WithDatabase(%q, %q) = %q, %v; want %q, error %v", tc.in, tc.db, got, err, tc.want, tc.wantErr)
			}
		})
	}
}
