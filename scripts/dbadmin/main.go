// Command dbadmin creates and drops databases for the Makefile and its
// scripts (init-db, db-recreate, demo.sh), so that they need no psql:
//
//	dbadmin [-C DIR] url          print the URL of the project's database (for a variable, not a terminal)
//	dbadmin [-C DIR] ensure       create the project's database unless it exists
//	dbadmin [-C DIR] recreate     drop the project's database and create it empty
//	dbadmin create NAME           create the database NAME on DATABASE_URL's server
//	dbadmin drop NAME             drop the database NAME there, if it exists
//
// The project's database is the one schemagen run in DIR (default ".")
// uses: DATABASE_URL as it is when set, else database_url of
// DIR/schemagen.toml (with ${NAME} read from the environment), else
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
//
// It connects to the server's maintenance database "postgres" (the
// project's database may not exist yet). Dropping never uses WITH
// (FORCE): it fails while another session is connected, rather than end
// somebody else's sessions; and it refuses the databases postgres,
// template0 and template1. No output but url's shows a password.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/schema"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	err := runMain(ctx, os.Args[1:], os.Getenv, os.Stdout)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbadmin:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: dbadmin [-C DIR] url | ensure | recreate | create NAME | drop NAME")

// runMain reads -C DIR and the project's URL, then runs the command.
func runMain(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	dir := "."
	if len(args) >= 2 && args[0] == "-C" {
		dir, args = args[1], args[2:]
	}
	url, err := projectURL(dir, getenv)
	if err != nil {
		return err
	}
	if len(args) == 1 && args[0] == "url" {
		fmt.Fprintln(stdout, url)
		return nil
	}
	return run(ctx, args, url, stdout)
}

// projectURL returns DATABASE_URL when set, else database_url of
// dir/schemagen.toml with ${NAME} expanded, else dburl.Default.
func projectURL(dir string, getenv func(string) string) (string, error) {
	if u := getenv("DATABASE_URL"); u != "" {
		return u, nil
	}
	var cfg struct {
		DatabaseURL string `toml:"database_url"`
	}
	path := filepath.Join(dir, "schemagen.toml")
	if _, err := toml.DecodeFile(path, &cfg); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if cfg.DatabaseURL == "" {
		return dburl.Default, nil
	}
	var missing []string
	u := envRef.ReplaceAllStringFunc(cfg.DatabaseURL, func(ref string) string {
		name := ref[2 : len(ref)-1]
		v := getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("%s: database_url reads the unset environment variables %s", path, strings.Join(missing, ", "))
	}
	return u, nil
}

// envRef matches ${NAME} as schemagen.toml's URLs read it.
var envRef = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)

// run carries out the command args on the server that url names.
func run(ctx context.Context, args []string, url string, stdout io.Writer) error {
	if url == "" {
		url = dburl.Default
	}
	if len(args) == 0 {
		return errUsage
	}
	var name string
	switch {
	case (args[0] == "ensure" || args[0] == "recreate") && len(args) == 1:
		name = dburl.Database(url)
		if name == "" {
			return fmt.Errorf("%s names no database", dburl.Redact(url))
		}
	case (args[0] == "create" || args[0] == "drop") && len(args) == 2 && args[1] != "":
		name = args[1]
	default:
		return errUsage
	}
	if args[0] != "ensure" && args[0] != "create" {
		switch name {
		case "postgres", "template0", "template1":
			return fmt.Errorf("refusing to drop the database %s", name)
		}
	}
	maint, err := dburl.WithDatabase(url, "postgres")
	if err != nil {
		return err
	}
	db, err := pgconn.Open(maint)
	if err != nil {
		return err
	}
	defer db.Close()
	exists, err := databaseExists(ctx, db, name)
	if err != nil {
		return fmt.Errorf("on %s: %w", dburl.Redact(maint), dburl.ScrubError(err, url))
	}
	if args[0] == "recreate" {
		if err := drop(ctx, db, name, exists, url, stdout); err != nil {
			return err
		}
		exists = false
	}
	switch args[0] {
	case "ensure", "recreate":
		if exists {
			fmt.Fprintf(stdout, "database %s exists\n", schema.QuoteIdent(name))
			return nil
		}
		fallthrough
	case "create":
		if _, err := db.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
			return fmt.Errorf("create database %s: %w", schema.QuoteIdent(name), dburl.ScrubError(err, url))
		}
		fmt.Fprintf(stdout, "created database %s\n", schema.QuoteIdent(name))
	case "drop":
		return drop(ctx, db, name, exists, url, stdout)
	}
	return nil
}

// drop drops the database name when it exists, without ending the
// sessions connected to it.
func drop(ctx context.Context, db *sql.DB, name string, exists bool, url string, stdout io.Writer) error {
	if !exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)); err != nil {
		return fmt.Errorf("drop database %s: %w", schema.QuoteIdent(name), dburl.ScrubError(err, url))
	}
	fmt.Fprintf(stdout, "dropped database %s\n", schema.QuoteIdent(name))
	return nil
}

// databaseExists reports whether the server holds a database named name.
func databaseExists(ctx context.Context, db *sql.DB, name string) (bool, error) {
	var exists bool
	err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil {
		return false, fmt.Errorf("look for database %s: %w", schema.QuoteIdent(name), err)
	}
	return exists, nil
}
