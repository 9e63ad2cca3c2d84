// Package rowstest checks that the example's models, with schemagen's db
// tags, read and write rows through sqlx and through pgx, in a database
// built by schemagen's own migrations of those models.
package rowstest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/schemagen/schemagen/schema"
)

// This module cannot import schemagen's internal/pgtest; testDB follows
// its conventions: DATABASE_URL names the server (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); without
// one the test skips loudly, writes its name to the file SCHEMAGEN_SKIP_LOG
// names (make test counts those lines), or fails when
// SCHEMAGEN_REQUIRE_DB=1.

const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

func serverURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return defaultURL
}

// withDatabase returns the server URL naming the database name instead.
func withDatabase(t *testing.T, server, name string) string {
	t.Helper()
	if !strings.Contains(server, "://") {
		return server + " dbname='" + strings.ReplaceAll(strings.ReplaceAll(name, `\`, `\\`), `'`, `\'`) + "'"
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("DATABASE_URL is not a URL: %v", err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// skip skips the test for want of a server, as internal/pgtest does.
func skip(t *testing.T, err error) {
	t.Helper()
	msg := fmt.Sprintf("\n\n*** PostgreSQL does not answer (DATABASE_URL or the default server): %v\n*** start it with `make start-db` (or set DATABASE_URL); test skipped ***\n\n", err)
	if os.Getenv("SCHEMAGEN_REQUIRE_DB") == "1" {
		t.Fatal(msg)
	}
	if log := os.Getenv("SCHEMAGEN_SKIP_LOG"); log != "" {
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = f.WriteString("example.com/shop/rowstest." + t.Name() + "\n")
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			t.Errorf("record the skip: %v", err)
		}
	}
	t.Skip(msg)
}

// migratedDB creates a database of the test's own, builds the schema of
// the example's models in it the way a user does — schemagen init,
// revision --autogenerate, upgrade head, in a copy of the module — and
// returns its URL. The database is dropped when the test ends.
func migratedDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	server, err := sql.Open("postgres", serverURL())
	if err == nil {
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = server.PingContext(pingCtx)
		cancel()
	}
	if err != nil {
		skip(t, err)
	}
	t.Cleanup(func() { server.Close() })
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "schemagen_test_rows_" + hex.EncodeToString(b)
	if _, err := server.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := server.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	dbURL := withDatabase(t, serverURL(), name)

	// The CLI, built from this repository through the module's tool line.
	dir := t.TempDir()
	bin := filepath.Join(dir, "schemagen")
	run(t, "..", nil, "go", "build", "-o", bin, "github.com/schemagen/schemagen/cmd/schemagen")
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(dir, "shop")
	if err := os.CopyFS(filepath.Join(mod, "models"), os.DirFS(filepath.Join("..", "models"))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"go.mod", "go.sum"} {
		src, err := os.ReadFile(filepath.Join("..", p))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, p), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, mod, nil, "go", "mod", "edit", "-replace", "github.com/schemagen/schemagen="+root)
	env := []string{"DATABASE_URL=" + dbURL}
	run(t, mod, env, bin, "init")
	run(t, mod, env, bin, "revision", "--autogenerate", "-m", "create the shop")
	run(t, mod, env, bin, "upgrade", "head")
	run(t, mod, env, bin, "check")
	return dbURL
}

// run runs a command in dir with env added, failing the test when it fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}
