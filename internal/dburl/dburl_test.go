package dburl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lib/pq"
)

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{name: "no password", in: "postgres://postgres@127.0.0.1:5432/db?sslmode=disable", want: "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"},
		{name: "no user", in: "postgresql://h", want: "postgresql://h"},
		{name: "password", in: "postgres://app:s3cret@db:5432/app", want: "postgres://app:***@db:5432/app"},
		{name: "empty password", in: "postgres://app:@db/app", want: "postgres://app:***@db/app"},
		{name: "escaped password", in: "postgres://app:p%40ss%2Fw@db/app", want: "postgres://app:***@db/app"},
		{name: "password in query", in: "postgres://db/app?password=s3cret&sslmode=disable", want: "postgres://db/app?password=***&sslmode=disable"},
		{name: "password last in query", in: "postgres://db/app?sslmode=disable&password=s3cret", want: "postgres://db/app?sslmode=disable&password=***"},
		{name: "escaped password key", in: "postgres://db/app?pass%77ord=s3cret", want: "postgres://db/app?pass%77ord=***"},
		{name: "sslpassword", in: "postgres://db/app?sslpassword=s3cret", want: "postgres://db/app?sslpassword=***"},
		{name: "both places", in: "postgres://u:one@db/app?password=two", want: "postgres://u:***@db/app?password=***"},
		{name: "at sign in a later part", in: "postgres://u:pw@db/app?application_name=me@x", want: "postgres://u:***@x"},
		{name: "double quote (malformed)", in: `postgres://u:pa"ss@db/app`, want: "postgres://u:***@db/app"},
		{name: "backslash (malformed)", in: `postgres://u:pa\ss@db/app`, want: "postgres://u:***@db/app"},
		{name: "slash (malformed)", in: "postgres://u:12/34@db/app", want: "postgres://u:***@db/app"},
		{name: "hash (malformed)", in: "postgres://u:12#34@db/app", want: "postgres://u:***@db/app"},
		{name: "at sign (malformed)", in: "postgres://u:a@b@db/app", want: "postgres://u:***@db/app"},
		{name: "percent (malformed)", in: "postgres://u:50%@db/app", want: "postgres://u:***@db/app"},
		{name: "other scheme", in: "mysql://u:pw@db/app", want: "mysql://u:***@db/app"},
		{name: "key/value without password", in: "host=db user=app", want: "host=db user=app"},
		{name: "key/value", in: "host=db password=secret user=app", want: "host=db password=*** user=app"},
		{name: "key/value first", in: "password=secret host=db", want: "password=*** host=db"},
		{name: "key/value spaces", in: "host=db  password =  secret\tuser=app", want: "host=db  password =  ***\tuser=app"},
		{name: "key/value quoted", in: "host=db password='se cret' user=app", want: "host=db password=*** user=app"},
		{name: "key/value escaped quote", in: `host=db password='it\'s' user=app`, want: "host=db password=*** user=app"},
		{name: "key/value escaped space", in: `password=se\ cret user=app`, want: "password=*** user=app"},
		{name: "key/value upper case key", in: "PASSWORD=secret", want: "PASSWORD=***"},
		{name: "key/value unterminated", in: "host=db password='secret user=app", want: "host=db password=***"},
		{name: "key/value at the end", in: "host=db password=", want: "host=db password=***"},
		{name: "key/value sslpassword", in: "sslpassword=secret", want: "sslpassword=***"},
		{name: "key/value word without =", in: "host password=secret", want: "host password=***"},
		{name: "empty", in: "", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestRedactMatchesDriver checks, for connection strings that lib/pq
// accepts, that the password lib/pq reads is among those Redact hides:
// the redacted string does not hold it, and Scrub finds it.
func TestRedactMatchesDriver(t *testing.T) {
	t.Parallel()
	for _, cs := range []string{
		"postgres://app:s3cret@db:5432/app",
		"postgres://app:p%40ss%2Fw%22x@db/app",
		"postgres://db/app?password=s3cret&sslmode=disable",
		"postgres://db/app?pass%77ord=s3cret",
		"host=db password=secret user=app",
		"host=db password='se cret' user=app",
		`host=db password='it\'s' user=app`,
		`password=se\ cret\\x user=app`,
		"  password  =  'tab\tsecret'",
	} {
		cfg, err := pq.NewConfig(cs)
		if err != nil {
			t.Fatalf("lib/pq refuses %q: %v", cs, err)
		}
		if cfg.Password == "" {
			t.Fatalf("lib/pq reads no password from %q", cs)
		}
		if red := Redact(cs); strings.Contains(red, cfg.Password) {
			t.Errorf("Redact(%q) = %q holds the password %q", cs, red, cfg.Password)
		}
		msg := "pq: connecting with password " + cfg.Password + ", quoted " + strconv.Quote(cfg.Password)
		if got := Scrub(msg, cs); strings.Contains(got, cfg.Password) || strings.Contains(got, quoteInner(cfg.Password)) {
			t.Errorf("Scrub for %q leaves the password: %q", cs, got)
		}
	}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	const pw = `p"a\s s'w&<rd/@`
	userURL := "postgres://" + url.UserPassword("app", pw).String() + "@db/app"
	queryURL := "postgres://db/app?sslmode=disable&password=" + url.QueryEscape(pw)
	rawURL := "postgres://app:" + pw + "@db/app" // malformed: as a user may type it
	kv := "host=db password='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw) + "' user=app"
	js, _ := json.Marshal(pw)
	tests := []struct {
		name, conn, text string
	}{
		{name: "url as is", conn: userURL, text: "connect to " + userURL + ": refused"},
		{name: "url quoted", conn: userURL, text: fmt.Sprintf("parse %q: invalid", userURL)},
		{name: "malformed url quoted", conn: rawURL, text: fmt.Sprintf(`parse %q: net/url: invalid userinfo`, rawURL)},
		{name: "malformed url raw", conn: rawURL, text: "bad URL " + rawURL},
		{name: "query url", conn: queryURL, text: "open " + queryURL + " and " + fmt.Sprintf("%q", queryURL)},
		{name: "key/value raw", conn: kv, text: "open " + kv},
		{name: "key/value quoted", conn: kv, text: fmt.Sprintf("open %q", kv)},
		{name: "bare password", conn: kv, text: "password " + pw + " rejected"},
		{name: "bare password quoted", conn: userURL, text: fmt.Sprintf("password %q rejected", pw)},
		{name: "bare password ascii-quoted", conn: userURL, text: fmt.Sprintf("password %+q rejected", pw)},
		{name: "bare password in JSON", conn: userURL, text: `{"error": "password ` + strings.Trim(string(js), `"`) + `"}`},
		{name: "query-escaped password", conn: kv, text: "?password=" + url.QueryEscape(pw)},
		{name: "path-escaped password", conn: kv, text: "/" + url.PathEscape(pw)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Scrub(tc.text, tc.conn)
			for _, form := range escapedForms(pw) {
				if strings.Contains(got, form) {
					t.Errorf("Scrub(%q) = %q still holds %q", tc.text, got, form)
				}
			}
			if !strings.Contains(got, Redacted) {
				t.Errorf("Scrub(%q) = %q hides nothing", tc.text, got)
			}
		})
	}
	if got := Scrub("nothing to hide here", userURL, kv, ""); got != "nothing to hide here" {
		t.Errorf("Scrub changed text without a password: %q", got)
	}
	if got := Scrub("connect to "+userURL+" failed", userURL); got != "connect to postgres://app:***@db/app failed" {
		t.Errorf("Scrub does not put the redacted URL in place of the URL: %q", got)
	}
}

func TestScrubError(t *testing.T) {
	t.Parallel()
	const conn = "host=db password=hunter2"
	inner := &pq.Error{Code: "28P01", Message: "password hunter2 is wrong"}
	err := ScrubError(fmt.Errorf("login: %w", inner), conn)
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("ScrubError kept the password: %v", err)
	}
	var pe *pq.Error
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Errorf("ScrubError hides the driver's error from errors.As")
	}
	if ScrubError(nil, conn) != nil {
		t.Errorf("ScrubError(nil) is not nil")
	}
}

func TestScrubWriter(t *testing.T) {
	t.Parallel()
	const conn = "postgres://u:topsecret@db/app"
	var out strings.Builder
	w := NewScrubWriter(&out, func() []string { return []string{conn} })
	// The password is split across writes, and the last line has no
	// newline.
	for _, part := range []string{"one top", "secret two\nthree ", "topsec", "ret\nfour topsecret"} {
		if _, err := w.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "one *** two\nthree ***\nfour ***"; out.String() != want {
		t.Errorf("written %q, want %q", out.String(), want)
	}
}

func TestWithDatabase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, db, want string
		wantErr            bool
	}{
		{name: "replace", in: "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", db: "x", want: "postgres://postgres@127.0.0.1:5432/x?sslmode=disable"},
		{name: "add", in: "postgresql://h", db: "y", want: "postgresql://h/y"},
		{name: "bad scheme", in: "mysql://h/db", db: "y", wantErr: true},
		{name: "key/value replace", in: "host=h dbname=app user=u", db: "x", want: "host=h  user=u dbname='x'"},
		{name: "key/value add", in: "host=h", db: "it's", want: `host=h dbname='it\'s'`},
		{name: "key/value empty", in: "", db: "x", want: "dbname='x'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := WithDatabase(tc.in, tc.db)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("WithDatabase(%q, %q) = %q, %v; want %q, error %v", tc.in, tc.db, got, err, tc.want, tc.wantErr)
			}
			if err == nil && Database(got) != tc.db {
				t.Errorf("Database(%q) = %q, want %q", got, Database(got), tc.db)
			}
		})
	}
}

// BenchmarkScrubWriter writes 10,000 lines of an SQL script through a
// ScrubWriter with two connection strings, as `upgrade --sql` of a large
// schema does.
func BenchmarkScrubWriter(b *testing.B) {
	conns := []string{"postgres://app:s3cret@db:5432/app?sslmode=disable", "host=dev password='x y' dbname=d"}
	line := []byte(strings.Repeat(`ALTER TABLE "public"."t" ADD COLUMN "c" text; `, 2) + "\n")
	for b.Loop() {
		w := NewScrubWriter(io.Discard, func() []string { return conns })
		for range 10000 {
			if _, err := w.Write(line); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
