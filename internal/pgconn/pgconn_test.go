package pgconn_test

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestOpenConformingStrings opens a database that sets
// standard_conforming_strings off for every session: connections of
// pgconn.Open read a backslash in a literal as a backslash all the same.
func TestOpenConformingStrings(t *testing.T) {
	t.Parallel()
	plain, u := pgtest.DB(t)
	ctx := context.Background()
	name := dburl.Database(u)
	if _, err := plain.ExecContext(ctx, "ALTER DATABASE "+schema.QuoteIdent(name)+" SET standard_conforming_strings = off"); err != nil {
		t.Fatal(err)
	}
	// New sessions of a plain handle get the setting off.
	plain.SetMaxIdleConns(0)
	var setting string
	if err := plain.QueryRowContext(ctx, "SHOW standard_conforming_strings").Scan(&setting); err != nil {
		t.Fatal(err)
	}
	if setting != "off" {
		t.Fatalf("the database does not set standard_conforming_strings off: %s", setting)
	}
	db, err := pgconn.Open(u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(3)
	// Several connections, each set up on its own.
	conns := make([]interface{ Close() error }, 0, 3)
	for i := 0; i < 3; i++ {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var got string
		var n int
		if err := c.QueryRowContext(ctx, `SELECT current_setting('standard_conforming_strings'), length(`+schema.QuoteLiteral(`a\`)+`)`).Scan(&got, &n); err != nil {
			t.Fatal(err)
		}
		if got != "on" || n != 2 {
			t.Errorf("connection %d: standard_conforming_strings = %s, length of a backslash literal %d; want on and 2", i, got, n)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestOpenBadConnString: a connection string that lib/pq cannot read is an
// error that shows no password, in any form.
func TestOpenBadConnString(t *testing.T) {
	t.Parallel()
	for _, cs := range []string{
		`postgres://u:pa"ss\word@db:port/app`,
		`host=db password='pa"ss\\word`,
		`host=db password=pa"ss\\word sslmode=nonsense`,
	} {
		db, err := pgconn.Open(cs)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) accepted it", cs)
			continue
		}
		for _, leak := range []string{`pa"ss`, `pa\"ss`, `ss\word`, `ss\\word`} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("Open(%q): error shows the password: %v", cs, err)
			}
		}
	}
}

// TestOpenApplicationName: sessions of pgconn.Open carry application_name
// schemagen, unless the connection string sets its own.
func TestOpenApplicationName(t *testing.T) {
	t.Parallel()
	_, u := pgtest.DB(t)
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{
		{url: u, want: "schemagen"},
		{url: dburl.WithApplicationName(u, "mine"), want: "mine"},
	} {
		db, err := pgconn.Open(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = db.QueryRowContext(ctx, "SELECT current_setting('application_name')").Scan(&got)
		db.Close()
		if err != nil || got != tc.want {
			t.Errorf("application_name = %q, %v; want %q", got, err, tc.want)
		}
	}
}
