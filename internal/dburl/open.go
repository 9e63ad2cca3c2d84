package dburl

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"sync"

	"github.com/lib/pq"
)

// sessionSetup is what every connection that [Open] makes runs first.
// With standard_conforming_strings on, a backslash in an ordinary string
// literal is an ordinary character, as migrate.QuoteLiteral assumes; a
// database or role may still set it off.
const sessionSetup = "SET standard_conforming_strings = on"

// Open returns a handle to the database that connString names (a URL or
// a key/value string, as lib/pq reads them). Every connection of the
// handle runs SET standard_conforming_strings = on before it is used,
// whatever the database or the role sets. Every database connection
// schemagen's own code makes goes through Open.
//
// Open connects to nothing; an invalid connString is an error whose text
// shows no password.
func Open(connString string) (*sql.DB, error) {
	c, err := pq.NewConnector(connString)
	if err != nil {
		return nil, fmt.Errorf("read the connection string %s: %w", Redact(connString), ScrubError(err, connString))
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

// ScrubWriter passes what is written to it through [Scrub] before
// writing it on: it holds back each line until its newline (or
// [ScrubWriter.Flush]), so that a password split across writes is still
// found. It is safe for concurrent use.
type ScrubWriter struct {
	mu          sync.Mutex
	w           io.Writer
	connStrings func() []string
	buf         []byte
}

// NewScrubWriter returns a writer that scrubs the passwords of the
// connection strings that connStrings returns (asked at each line, so
// that the list may grow) from what is written to w.
func NewScrubWriter(w io.Writer, connStrings func() []string) *ScrubWriter {
	return &ScrubWriter{w: w, connStrings: connStrings}
}

// Write implements io.Writer. It reports p as written once it is
// buffered; an error of the underlying writer comes from a later Write
// or Flush.
func (s *ScrubWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	if i := bytes.LastIndexByte(s.buf, '\n'); i >= 0 {
		line := s.buf[:i+1]
		if err := s.emit(line); err != nil {
			return 0, err
		}
		s.buf = append(s.buf[:0], s.buf[i+1:]...)
	}
	return len(p), nil
}

// Flush writes what is held back.
func (s *ScrubWriter) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf) == 0 {
		return nil
	}
	err := s.emit(s.buf)
	s.buf = s.buf[:0]
	return err
}

func (s *ScrubWriter) emit(b []byte) error {
	_, err := io.WriteString(s.w, Scrub(string(b), s.connStrings()...))
	return err
}
