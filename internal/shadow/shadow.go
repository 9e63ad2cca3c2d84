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

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/internal/sqlcheck"
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
// serverURL names. The role needs the CREATEDB privilege; an error of the
// server that refuses it unwraps to the driver's error.
func Create(ctx context.Context, serverURL string) (*DB, error) {
	admin, err := pgconn.Open(serverURL)
	if err != nil {
		return nil, fmt.Errorf("shadow: %w", err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		admin.Close()
		return nil, fmt.Errorf("shadow: name database: %w", err)
	}
	name := "schemagen_shadow_" + hex.EncodeToString(b)
	if err := execOne(ctx, admin, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
		admin.Close()
		return nil, fmt.Errorf("shadow: create scratch database %s on %s (the role needs CREATEDB): %w", name, dburl.Redact(serverURL), dburl.ScrubError(err, serverURL))
	}
	d := &DB{name: name, admin: admin}
	u, err := dburl.WithDatabase(serverURL, name)
	if err != nil {
		_ = d.Drop(context.Background())
		return nil, err
	}
	if d.DB, err = pgconn.Open(u); err != nil {
		_ = d.Drop(context.Background())
		return nil, fmt.Errorf("shadow: %w", err)
	}
	d.URL = u
	return d, nil
}

// Drop closes and drops the database. It uses its own context, so that a
// cancelled run still cleans up.
func (d *DB) Drop(context.Context) error {
	if d.DB != nil {
		d.DB.Close()
	}
	defer d.admin.Close()
	if err := execOne(context.Background(), d.admin, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(d.name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("shadow: drop scratch database %s: %w", d.name, err)
	}
	return nil
}

// Canonicalize returns model as PostgreSQL stores it: the same objects as
// model, with types, defaults and expressions in PostgreSQL's spelling
// (see [differ.Respell]). It is what the database serverURL names would
// hold after a migration that creates model.
//
// Canonicalize never changes that database. Every SQL fragment and name
// of model is checked first (see [validate]). Then it asks the database itself,
// in a transaction that it rolls back, so that nothing of the work
// remains and the database's own types, extensions and functions are at
// hand (see [canonicalizeInTx]); the role needs the TEMPORARY privilege
// on the database (PostgreSQL grants it to every role by default), and
// CREATE on the schemas of the model's enums that the database lacks.
// When the model cannot be written there so (an enum of the model exists
// in the database with other values, a serial column, a missing
// privilege, a read-only transaction, or a statement that fails there),
// it creates the whole model in a scratch database on the same server,
// introspects it and drops it; the role needs CREATEDB then. Every
// statement is sent alone through the extended query protocol, which
// refuses text holding a second statement.
//
// When the server refuses both ways (a role without TEMP and CREATEDB, a
// hot standby), the error is a [*RefusedError]. A caller that must not
// write on a server at all passes the URL of a dev database instead: the
// spelling depends on the server's version and the database's types, not
// on its tables.
//
// A model that holds objects managed by their definition (views,
// functions, triggers, ...) is canonicalized in a scratch database only
// (see [canonicalizeWithObjects]), which needs CREATEDB.
func Canonicalize(ctx context.Context, serverURL string, model *schema.Schema) (*schema.Schema, error) {
	if len(model.Objects) > 0 {
		canon, err := canonicalizeWithObjects(ctx, serverURL, model)
		if err != nil && Refused(err) {
			return nil, &RefusedError{URL: dburl.Redact(serverURL), InTx: errObjectsNeedScratch, Scratch: err}
		}
		return canon, err
	}
	changes, err := validate(model)
	if err != nil {
		return nil, err
	}
	canon, err := canonicalizeInTx(ctx, serverURL, model)
	if err == nil {
		return canon, nil
	}
	if ctx.Err() != nil {
		return nil, err
	}
	canon, serr := canonicalizeInScratch(ctx, serverURL, changes)
	if serr != nil && Refused(serr) {
		return nil, &RefusedError{URL: dburl.Redact(serverURL), InTx: err, Scratch: serr}
	}
	return canon, serr
}

// errObjectsNeedScratch says why a model with objects is not
// canonicalized in a transaction of the database (see
// [canonicalizeWithObjects]).
var errObjectsNeedScratch = errors.New("not tried: objects (views, functions, triggers, ...) are canonicalized in a scratch database only")

// RefusedError says that the server refused what canonicalizing a model
// needs, both in a transaction of the database and in a scratch database
// (SQLSTATE 42501, insufficient privilege, or 25006, a read-only
// transaction as on a hot standby).
type RefusedError struct {
	// URL names the database, its password redacted.
	URL string
	// InTx is why the model could not be canonicalized in a transaction
	// of the database; Scratch why not in a scratch database.
	InTx, Scratch error
}

// Error implements error.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("shadow: the server of %s refuses what canonicalizing the models needs (TEMP on the database, or CREATEDB on the server, in sessions that may write):\n"+
		"    in a rolled-back transaction of the database: %v\n    in a scratch database: %v", e.URL, e.InTx, e.Scratch)
}

// Unwrap returns both causes.
func (e *RefusedError) Unwrap() []error { return []error{e.InTx, e.Scratch} }

// Refused reports whether err is, or wraps, PostgreSQL refusing a
// privilege (SQLSTATE 42501) or a write (25006: a read-only transaction,
// as on a hot standby); a [*RefusedError] is one.
func Refused(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && (pe.Code == "42501" || pe.Code == "25006")
}

// validate returns the changes that create model from nothing, after
// checking every SQL fragment and name they carry with [sqlcheck.Checker]:
// a model holding text that is not exactly one expression (or type name,
// index key, referential action) is refused before anything is sent. The
// parser checks models too, at their source; this guards every other way
// a model arrives.
func validate(model *schema.Schema) ([]change.Change, error) {
	changes, err := differ.Diff(&schema.Schema{}, model)
	if err != nil {
		return nil, err
	}
	var (
		errs []error
		ck   sqlcheck.Checker // models repeat their types and defaults
	)
	for _, c := range changes {
		for _, p := range ck.Problems(c) {
			errs = append(errs, p.Err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("shadow: the models hold SQL that cannot be sent as it is:\n%w", err)
	}
	return changes, nil
}

// canonicalizeInScratch creates a model, the changes that create it from
// nothing, in a scratch database on the server that serverURL names,
// introspects it, and drops the database.
func canonicalizeInScratch(ctx context.Context, serverURL string, changes []change.Change) (_ *schema.Schema, err error) {
	var stmts []string
	for _, c := range changes {
		s, err := change.SQL(c)
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

// batchSize is how many statements execBatches runs in one transaction:
// small enough that the locks on the relations it creates fit the
// server's lock table.
const batchSize = 200

// execBatches runs stmts in order, batchSize at a time, each batch one
// transaction and each statement alone through [execOne]. The error
// names the statement that fails.
func execBatches(ctx context.Context, db *sql.DB, stmts []string) error {
	for start := 0; start < len(stmts); start += batchSize {
		if err := execTx(ctx, db, stmts[start:min(start+batchSize, len(stmts))]); err != nil {
			return err
		}
	}
	return nil
}

// execTx runs stmts in one transaction.
func execTx(ctx context.Context, db *sql.DB, stmts []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin a transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, stmt := range stmts {
		if err := execOne(ctx, tx, stmt); err != nil {
			return fmt.Errorf("%w\n    in: %s", err, stmt)
		}
	}
	return tx.Commit()
}
