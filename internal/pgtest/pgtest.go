// Package pgtest gives each test a database of its own on a real
// PostgreSQL server.
//
// The server is named by DATABASE_URL, by default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable. When no
// server answers, tests skip with a loud message, or fail when
// SCHEMAGEN_REQUIRE_DB=1 (as CI sets it). A skip is also recorded as one
// line (the test's name) appended to the file that SCHEMAGEN_SKIP_LOG
// names, when set: `make test` sets it and ends with the count of those
// lines ("N tests skipped: no database"), which go test without -v does
// not print.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // the PostgreSQL driver

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/schema"
)

// ServerURL returns the URL of the server tests run against.
func ServerURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return dburl.Default
}

// Server opens the maintenance database of the test server, or skips (fails
// when SCHEMAGEN_REQUIRE_DB=1) when none answers.
func Server(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", ServerURL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		msg := fmt.Sprintf("\n\n*** PostgreSQL does not answer at %s: %v\n*** start it with `make start-db` (or set DATABASE_URL); test skipped ***\n\n", dburl.Redact(ServerURL()), err)
		if os.Getenv("SCHEMAGEN_REQUIRE_DB") == "1" {
			t.Fatal(msg)
		}
		if err := RecordSkip(t.Name()); err != nil {
			t.Errorf("record the skip: %v", err)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// SkipLogEnv names the environment variable holding the file to which
// [Server] appends the name of each test it skips.
const SkipLogEnv = "SCHEMAGEN_SKIP_LOG"

// RecordSkip appends name and a newline to the file that SCHEMAGEN_SKIP_LOG
// names; without it, it does nothing. Test binaries run in parallel
// append to the same file: one short write in append mode each.
func RecordSkip(name string) error {
	path := os.Getenv(SkipLogEnv)
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", SkipLogEnv, err)
	}
	if _, err := f.WriteString(strings.ReplaceAll(name, "\n", " ") + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("append to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}

// DB creates a database with a unique name, returns a handle to it and its
// URL, and drops it when the test ends. It takes the server's default
// strategy: STRATEGY FILE_COPY created faster on an idle machine, but it
// checkpoints at create and drop, and with tests running side by side
// six creates and drops took 12-13 s with it against 7-8 s without.
func DB(t testing.TB) (*sql.DB, string) {
	t.Helper()
	server := Server(t)
	name := "schemagen_test_" + randomHex(6)
	ctx := context.Background()
	if _, err := server.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	dbURL, err := dburl.WithDatabase(ServerURL(), name)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := server.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return db, dbURL
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
