// Package pgconn opens every database connection of schemagen's own code
// (the CLI, canonicalization, scratch databases) through lib/pq, with
// sessions that read string literals the standard way whatever the
// database or role sets ([Open]).
package pgconn

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/internal/dburl"
)

// sessionSetup is what every connection that [Open] makes runs first.
// With standard_conforming_strings on, a backslash in an ordinary string
// literal is an ordinary character, as schema.QuoteLiteral assumes; a
// database or role may still set it off.
const sessionSetup = "SET standard_conforming_strings = on"

// Open returns a handle to the database that connString names (a URL or
// a key/value string, as lib/pq reads them). Every connection of the
// handle runs SET standard_conforming_strings = on before it is used,
// whatever the database or the role sets. Every database connection
// schemagen's own code makes goes through Open.
//
// Every session carries application_name = schemagen (see
// [dburl.ApplicationName]) unless connString or PGAPPNAME sets one.
//
// Open connects to nothing; an invalid connString is an error whose text
// shows no password.
func Open(connString string) (*sql.DB, error) {
	c, err := pq.NewConnector(withApplicationName(connString))
	if err != nil {
		return nil, fmt.Errorf("read the connection string %s: %w", dburl.Redact(connString), dburl.ScrubError(err, connString))
	}
	return sql.OpenDB(conformingConnector{c}), nil
}

// conformingConnector makes lib/pq connections and runs sessionSetup on
// each.
type conformingConnector struct{ base driver.Connector }

// Connect implements driver.Connector.
func (c conformingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if err := setup(ctx, conn); err != nil {
		conn.Close()
		return nil, fmt.Errorf("set up the session (%s): %w", sessionSetup, err)
	}
	return conn, nil
}

// Driver implements driver.Connector.
func (c conformingConnector) Driver() driver.Driver { return c.base.Driver() }

// setup runs sessionSetup on conn.
func setup(ctx context.Context, conn driver.Conn) error {
	if ex, ok := conn.(driver.ExecerContext); ok {
		_, err := ex.ExecContext(ctx, sessionSetup, nil)
		return err
	}
	st, err := conn.Prepare(sessionSetup)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Exec(nil) //nolint:staticcheck // the fallback for drivers without ExecerContext
	return err
}

// withApplicationName adds application_name = schemagen to connString
// unless it or PGAPPNAME sets one.
func withApplicationName(connString string) string {
	if os.Getenv("PGAPPNAME") != "" {
		return connString
	}
	return dburl.WithApplicationName(connString, dburl.ApplicationName)
}
