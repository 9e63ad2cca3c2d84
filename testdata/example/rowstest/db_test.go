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
	"sync"
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
// revision --autogenerate, upgrade head, in a copy of the module — checks
// it (schemagen check), and returns its URL. The database is dropped when
// the test ends.
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
	bin, mod := prepareModule(t)
	env := []string{"DATABASE_URL=" + dbURL}
	run(t, mod, env, bin, "upgrade", "head")
	run(t, mod, env, bin, "check")
	return dbURL
}

// The CLI and the copy of the module with its migration, made once for
// the tests of the package (each gets a database of its own).
var (
	prepareOnce sync.Once
	prepared    struct {
		bin, mod string
		err      error
	}
)

// prepareModule builds the schemagen CLI from this repository (through the
// module's tool line), copies the module to a temporary folder, and there
// runs schemagen init and revision --autogenerate --offline: the migration
// a user would write. It returns the CLI and the copy.
func prepareModule(t *testing.T) (bin, mod string) {
	t.Helper()
	prepareOnce.Do(func() {
		prepared.bin, prepared.mod, prepared.err = doPrepare()
	})
	if prepared.err != nil {
		t.Fatal(prepared.err)
	}
	return prepared.bin, prepared.mod
}

func doPrepare() (bin, mod string, err error) {
	dir, err := os.MkdirTemp("", "rowstest")
	if err != nil {
		return "", "", err
	}
	tempDir = dir
	bin = filepath.Join(dir, "schemagen")
	if err := command("..", nil, "go", "build", "-o", bin, "github.com/schemagen/schemagen/cmd/schemagen"); err != nil {
		return "", "", err
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		return "", "", err
	}
	mod = filepath.Join(dir, "shop")
	if err := os.CopyFS(filepath.Join(mod, "models"), os.DirFS(filepath.Join("..", "models"))); err != nil {
		return "", "", err
	}
	for _, p := range []string{"go.mod", "go.sum"} {
		src, err := os.ReadFile(filepath.Join("..", p))
		if err != nil {
			return "", "", err
		}
		if err := os.WriteFile(filepath.Join(mod, p), src, 0o644); err != nil {
			return "", "", err
		}
	}
	// No database for these: a closed port, so that none is touched.
	env := []string{"DATABASE_URL=postgres://postgres@127.0.0.1:1/none?sslmode=disable"}
	for _, args := range [][]string{
		{"go", "mod", "edit", "-replace", "github.com/schemagen/schemagen=" + root},
		{bin, "init"},
		{bin, "revision", "--autogenerate", "--offline", "-m", "create the shop"},
	} {
		if err := command(mod, env, args[0], args[1:]...); err != nil {
			return "", "", err
		}
	}
	return bin, mod, nil
}

// tempDir is the folder doPrepare made, removed by TestMain.
var tempDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if tempDir != "" {
		os.RemoveAll(tempDir)
	}
	os.Exit(code)
}

// command runs a command in dir with env added.
func command(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return nil
}

// run runs a command in dir with env added, failing the test when it fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	if err := command(dir, env, name, args...); err != nil {
		t.Fatal(err)
	}
}
