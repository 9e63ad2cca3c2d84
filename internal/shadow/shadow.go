// Package shadow makes throw-away databases on the user's server: to let
// PostgreSQL canonicalize a model (see [Canonicalize]) and, later, to replay
// migrations from base.
package shadow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// DB is a throw-away database. Drop it when done, whatever happened.
type DB struct {
	*sql.DB
	// URL connects to the database.
	URL   string
	name  string
	admin *sql.DB
}

// Create makes an empty database with a unique name on the server that
// serverURL names. The role needs the CREATEDB privilege.
func Create(ctx context.Context, serverURL string) (*DB, error) {
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return nil, fmt.Errorf("shadow: open %s: %s", dburl.Redact(serverURL), dburl.RedactError(err, serverURL))
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		admin.Close()
		return nil, fmt.Errorf("shadow: name database: %w", err)
	}
	name := "schemagen_shadow_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+migrate.QuoteIdent(name)); err != nil {
		admin.Close()
		return nil, fmt.Errorf("shadow: create scratch database %s on %s (the role needs CREATEDB): %s", name, dburl.Redact(serverURL), dburl.RedactError(err, serverURL))
	}
	u, err := dburl.WithDatabase(serverURL, name)
	if err != nil {
		d := &DB{name: name, admin: admin}
		_ = d.Drop(context.Background())
		return nil, err
	}
	db, err := sql.Open("postgres", u)
	if err != nil {
		d := &DB{name: name, admin: admin}
		_ = d.Drop(context.Background())
		return nil, fmt.Errorf("shadow: open %s: %w", name, err)
	}
	return &DB{DB: db, URL: u, name: name, admin: admin}, nil
}

// Drop closes and drops the database. It uses its own context, so that a
// cancelled run still cleans up.
func (d *DB) Drop(context.Context) error {
	if d.DB != nil {
		d.DB.Close()
	}
	defer d.admin.Close()
	if _, err := d.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+migrate.QuoteIdent(d.name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("shadow: drop scratch database %s: %w", d.name, err)
	}
	return nil
}

// Canonicalize returns model as PostgreSQL stores it: it creates model in a
// scratch database on the server, introspects it, and drops the database.
// The result names the same objects as model, with types, defaults and
// expressions in PostgreSQL's spelling (see [differ.Respell]).
func Canonicalize(ctx context.Context, serverURL string, model *schema.Schema) (_ *schema.Schema, err error) {
	changes, err := differ.Diff(&schema.Schema{}, model)
	if err != nil {
		return nil, err
	}
	db, err := Create(ctx, serverURL)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := db.Drop(ctx); derr != nil && err == nil {
			err = derr
		}
	}()
	for _, c := range changes {
		stmts, err := migrate.SQL(c)
		if err != nil {
			return nil, err
		}
		for _, stmt := range stmts {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return nil, fmt.Errorf("create the models in a scratch database: %w\n    in: %s", err, stmt)
			}
		}
	}
	canon, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		return nil, fmt.Errorf("introspect the models in a scratch database: %w", err)
	}
	return canon, nil
}
