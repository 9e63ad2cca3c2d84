// Command dbadmin creates and drops databases for the Makefile's scripts
// (init-db.sh, demo.sh), so that they need no psql:
//
//	go run ./scripts/dbadmin ensure        create the database DATABASE_URL names unless it exists
//	go run ./scripts/dbadmin create NAME   create the database NAME on DATABASE_URL's server
//	go run ./scripts/dbadmin drop NAME     drop the database NAME there, if it exists
//
// It connects to the server's maintenance database "postgres" (the
// database DATABASE_URL names may not exist yet). drop does not use WITH
// (FORCE): it fails while another session is connected to NAME, rather
// than end somebody else's sessions. DATABASE_URL defaults to
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable; no output
// or error shows a password.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/schema"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	err := run(ctx, os.Args[1:], os.Getenv("DATABASE_URL"), os.Stdout)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbadmin:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: dbadmin ensure | create NAME | drop NAME")

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
	case args[0] == "ensure" && len(args) == 1:
		name = dburl.Database(url)
		if name == "" {
			return fmt.Errorf("%s names no database", dburl.Redact(url))
		}
	case (args[0] == "create" || args[0] == "drop") && len(args) == 2 && args[1] != "":
		name = args[1]
	default:
		return errUsage
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
	switch args[0] {
	case "ensure":
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
		if !exists {
			return nil
		}
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)); err != nil {
			return fmt.Errorf("drop database %s: %w", schema.QuoteIdent(name), dburl.ScrubError(err, url))
		}
		fmt.Fprintf(stdout, "dropped database %s\n", schema.QuoteIdent(name))
	}
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
