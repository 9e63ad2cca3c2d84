// Package shadow lets PostgreSQL canonicalize a model (see [Canonicalize])
// and makes throw-away databases on the user's server, to replay
// migrations from base.
package shadow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/lib/pq"

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

// Canonicalize returns model as PostgreSQL stores it: the same objects as
// model, with types, defaults and expressions in PostgreSQL's spelling
// (see [differ.Respell]). It is what the database serverURL names would
// hold after a migration that creates model.
//
// Canonicalize asks that database itself, in a transaction that it rolls
// back, so that nothing of the work remains and the database's own types,
// extensions and functions are at hand (see [canonicalizeInTx]); the role
// needs the TEMPORARY privilege on the database (PostgreSQL grants it to
// every role by default), and CREATE on the schemas of the model's enums
// that the database lacks. When the model cannot be written there so (an
// enum of the model exists in the database with other values, a serial
// column, a missing privilege, or a statement that fails there), it
// creates the whole model in a scratch database on the same server,
// introspects it and drops it; the role needs CREATEDB then.
func Canonicalize(ctx context.Context, serverURL string, model *schema.Schema) (*schema.Schema, error) {
	canon, err := canonicalizeInTx(ctx, serverURL, model)
	if err == nil {
		return canon, nil
	}
	if ctx.Err() != nil {
		return nil, err
	}
	canon, serr := canonicalizeInScratch(ctx, serverURL, model)
	if serr != nil && refused(err) {
		// Both ways were refused the privileges they need: say so of both.
		return nil, fmt.Errorf("%w\n(nor could the models be canonicalized in a transaction of the database: %v)", serr, err)
	}
	return canon, serr
}

// refused reports whether err is PostgreSQL refusing a privilege or a
// write (in a read-only transaction or on a standby).
func refused(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && (pe.Code == "42501" || pe.Code == "25006")
}

// canonicalizeInScratch creates model in a scratch database on the server
// that serverURL names, introspects it, and drops the database.
func canonicalizeInScratch(ctx context.Context, serverURL string, model *schema.Schema) (_ *schema.Schema, err error) {
	changes, err := differ.Diff(&schema.Schema{}, model)
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, c := range changes {
		s, err := migrate.SQL(c)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s...)
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
	if err := execBatches(ctx, db.DB, stmts); err != nil {
		return nil, fmt.Errorf("create the models in a scratch database: %w", err)
	}
	canon, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		return nil, fmt.Errorf("introspect the models in a scratch database: %w", err)
	}
	return canon, nil
}

// batchSize is how many statements execBatches sends at once: one
// transaction each, small enough that the locks on the relations it
// creates fit the server's lock table.
const batchSize = 200

// execBatches runs stmts in order, batchSize at a time, each batch one
// multi-statement string and so one transaction. When a batch fails, it
// runs the batch's statements again one by one, which names the one that
// fails.
func execBatches(ctx context.Context, db *sql.DB, stmts []string) error {
	for start := 0; start < len(stmts); start += batchSize {
		batch := stmts[start:min(start+batchSize, len(stmts))]
		if _, err := db.ExecContext(ctx, strings.Join(batch, ";\n")); err == nil {
			continue
		} else if ctx.Err() != nil {
			return err
		}
		// The batch rolled back as a whole: run it again one statement
		// at a time to find the statement that fails.
		for _, stmt := range batch {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%w\n    in: %s", err, stmt)
			}
		}
	}
	return nil
}
