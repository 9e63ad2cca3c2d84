package migrate

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// DefaultVersionTable returns where a database records its revisions
// unless [WithVersionTable] says otherwise: public.schemagen_version.
func DefaultVersionTable() QualifiedName {
	return QualifiedName{Schema: "public", Name: "schemagen_version"}
}

// Option configures a [Migrator].
type Option func(*config) error

type config struct {
	versionTable     QualifiedName
	logf             func(format string, args ...any)
	lockTimeout      time.Duration
	statementTimeout time.Duration
	lockRetries      int
	allowHazards     []HazardKind
	allowEdited      bool
	// lockWait bounds the wait for the migration lock; 0 waits forever.
	lockWait time.Duration
	// lockReport is how often a wait for the migration lock says who
	// holds it; tests shorten it.
	lockReport time.Duration
	// forceIrreversible lets a downgrade undo irreversible migrations.
	forceIrreversible bool
	// pause waits d before a retry, or until ctx ends; tests replace it
	// so that they wait for nothing.
	pause func(ctx context.Context, d time.Duration) error
}

// DefaultLockWait is how long a run waits for the migration lock unless
// [WithLockWait] says otherwise.
const DefaultLockWait = 5 * time.Minute

// lockReportEvery is how often a run waiting for the migration lock logs
// who holds it.
const lockReportEvery = 10 * time.Second

// WithLockWait bounds the wait for the migration lock (the advisory lock
// that lets one run at a time migrate a database): a run that has not
// got it after d gives up with a [*LockWaitError] naming the sessions
// that hold it. Zero waits forever; the default is [DefaultLockWait].
// While it waits, the run logs every 10 seconds who holds the lock (pid,
// application_name, since when). It bounds nothing else: a statement
// waiting for a table's lock is what [WithLockTimeout] bounds.
func WithLockWait(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("migrate: WithLockWait needs a duration of zero or more, not %s", d)
		}
		c.lockWait = d
		return nil
	}
}

// WithVersionTable names the version table (default public.schemagen_version);
// a name without a schema is in the public schema.
func WithVersionTable(q QualifiedName) Option {
	return func(c *config) error {
		if q.Name == "" {
			return errors.New("migrate: version table needs a name")
		}
		c.versionTable = q.Canonical()
		return nil
	}
}

// WithLogf sets where progress lines go (each migration applied, a wait for
// the lock). The default discards them.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(c *config) error {
		if logf == nil {
			return errors.New("migrate: WithLogf needs a function")
		}
		c.logf = logf
		return nil
	}
}

// WithLockTimeout sets PostgreSQL's lock_timeout while migrations run: a
// statement that waits longer than d for a lock fails with SQLSTATE 55P03
// (lock_not_available), and the migration is rolled back and retried as
// [WithLockRetries] says. A short lock timeout keeps a migration that
// waits for a busy table from blocking every query queued behind it.
// Zero, the default, keeps the server's setting; d is rounded up to whole
// milliseconds.
func WithLockTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("migrate: WithLockTimeout needs a duration of zero or more, not %s", d)
		}
		c.lockTimeout = d
		return nil
	}
}

// WithStatementTimeout sets PostgreSQL's statement_timeout while
// migrations run: a statement running longer than d is cancelled and its
// migration fails (it is not retried). Zero, the default, keeps the
// server's setting; d is rounded up to whole milliseconds.
func WithStatementTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("migrate: WithStatementTimeout needs a duration of zero or more, not %s", d)
		}
		c.statementTimeout = d
		return nil
	}
}

// WithLockRetries retries a migration that failed on a lock timeout
// (SQLSTATE 55P03, see [WithLockTimeout]) up to n times, after a pause that
// doubles from 0.5 s up to 8 s, logging each retry. A migration in a
// transaction is rolled back and runs again from the start; one outside a
// transaction resumes at the step that failed. Zero, the default, does not
// retry.
func WithLockRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("migrate: WithLockRetries needs a count of zero or more, not %d", n)
		}
		c.lockRetries = n
		return nil
	}
}

// WithAllowHazards acknowledges hazards of the given kinds for every
// migration that [Migrator.Upgrade] applies, on top of the kinds that each
// migration lists in [Migration.AllowHazards]. Passing every kind,
// WithAllowHazards(change.HazardKinds()...), acknowledges all of them (what
// `schemagen upgrade --allow-hazards all` does). Several such options add
// up; an unknown kind is an error.
func WithAllowHazards(kinds ...HazardKind) Option {
	return func(c *config) error {
		for _, k := range kinds {
			if _, err := change.ParseHazardKind(string(k)); err != nil {
				return fmt.Errorf("migrate: WithAllowHazards: %w", err)
			}
		}
		c.allowHazards = append(c.allowHazards, kinds...)
		return nil
	}
}

// Migrator applies and rolls back the migrations of a [Set] on one
// database. It is safe for concurrent use, also from several processes:
// every run holds a PostgreSQL advisory lock, so each migration is applied
// exactly once.
//
// Every run holds one connection of the *sql.DB, which may be the
// application's pool: it turns standard_conforming_strings on for that
// session before anything else (so that migrations and their Go steps run
// with it on, whatever the database or role says) and puts the session's
// value back afterwards, as it does for the timeouts.
type Migrator struct {
	db    *sql.DB
	set   *Set
	graph *Graph
	cfg   config
}

// New validates set with [Set.Validate] and returns a Migrator for db. It
// refuses a set whose graph is invalid, or whose migrations record a SQL
// fragment that [schema.CheckFragment] refuses or an identifier that PostgreSQL
// would truncate, with every problem listed (a [*ValidationError]), before
// anything runs.
func New(db *sql.DB, set *Set, opts ...Option) (*Migrator, error) {
	if db == nil || set == nil {
		return nil, errors.New("migrate: New needs a database and a set")
	}
	cfg := config{versionTable: DefaultVersionTable(), logf: func(string, ...any) {}, pause: sleep,
		lockWait: DefaultLockWait, lockReport: lockReportEvery}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	g, err := set.validate()
	if err != nil {
		return nil, err
	}
	return &Migrator{db: db, set: set, graph: g, cfg: cfg}, nil
}

// Graph returns the revision graph of the set.
func (m *Migrator) Graph() *Graph { return m.graph }

// Result reports one migration that ran.
type Result struct {
	Revision string
	Message  string
	// Up is true for an upgrade, false for a downgrade.
	Up       bool
	Duration time.Duration
}

// String returns a line such as "upgrade 20261130213005 (add users) 12ms".
func (r Result) String() string {
	verb := "downgrade"
	if r.Up {
		verb = "upgrade"
	}
	return fmt.Sprintf("%s %s (%s) %s", verb, r.Revision, r.Message, r.Duration.Round(time.Millisecond))
}

// PartialError reports a run that failed part-way: Applied ran and were
// committed; Failed was rolled back, so the database is at the revision
// reached by Applied. A Failed migration that runs outside a transaction
// ([Migration.NoTransaction]) is not rolled back but stops at a step: Err
// is then a [*StepError] saying which steps are applied.
type PartialError struct {
	Applied []Result
	Failed  string
	Err     error
}

// Error implements the error interface.
func (e *PartialError) Error() string {
	return fmt.Sprintf("migrate: revision %s failed (%d applied before it): %v", e.Failed, len(e.Applied), e.Err)
}

// Unwrap returns the underlying error.
func (e *PartialError) Unwrap() error { return e.Err }

// UnknownRevisionError reports a database whose version table names a
// revision that no migration of the set has.
type UnknownRevisionError struct{ Revision string }

// Error implements the error interface.
func (e *UnknownRevisionError) Error() string {
	return fmt.Sprintf("migrate: the database is at revision %s, which no migration file has (was it deleted, or is this the wrong migrations folder?)", e.Revision)
}

// Current returns the revisions recorded in the version table, sorted; none
// when the table does not exist.
func (m *Migrator) Current(ctx context.Context) ([]string, error) {
	return ReadVersions(ctx, m.db, m.cfg.versionTable)
}

// ReadVersions returns the revisions recorded in the version table vt (a
// canonical name: see [schema.QualifiedName]), sorted; none when the table
// does not exist.
func ReadVersions(ctx context.Context, q Querier, vt QualifiedName) ([]string, error) {
	var exists bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2)`,
		vt.Schema, vt.Name).Scan(&exists)
	if err != nil {
		return nil, fmt.Errorf("migrate: look up version table %s: %w", vt, err)
	}
	if !exists {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT revision FROM "+schema.QuoteQualified(vt)+" ORDER BY revision")
	if err != nil {
		return nil, fmt.Errorf("migrate: read version table %s: %w", vt, err)
	}
	defer rows.Close()
	var revs []string
	for rows.Next() {
		var rev string
		if err := rows.Scan(&rev); err != nil {
			return nil, fmt.Errorf("migrate: read version table %s: %w", vt, err)
		}
		revs = append(revs, rev)
	}
	return revs, rows.Err()
}

// Upgrade applies the migrations that target needs: "head" (refused with
// a [MultipleHeadsError] when there are several), "heads", a revision or a
// unique prefix of one, or "+N".
//
// Before it applies anything, Upgrade checks the hazards ([change.Hazards]) of
// every migration it is to apply: one whose upgrade has a hazard of a kind
// that neither its [Migration.AllowHazards] nor [WithAllowHazards]
// acknowledges is refused with a [*HazardError], and then none is applied
// (several such migrations give their errors joined). It also refuses,
// with an [*EditedError] and whatever the target, while a migration
// applied to the database records other changes now than when it was
// applied (see [Fingerprint]), unless [WithAllowEdited] says otherwise.
// Each migration it applies records its fingerprint in the same
// transaction; applied migrations without one (applied before
// fingerprints were recorded, or stamped) get theirs, from their files as
// they are now, when the run applies at least one migration.
func (m *Migrator) Upgrade(ctx context.Context, target string) ([]Result, error) {
	return m.run(ctx, func(current []string) (Plan, error) { return m.graph.UpgradePlan(current, target) })
}

// Downgrade undoes migrations down to target: "base", a revision or a
// unique prefix of one (which stays applied), "-N", or "HEAD@-N" (N
// revisions of the branch whose head, HEAD, the database is at). A
// relative target that could step back two ways (at several heads, at a
// merge revision) is refused with an [*AmbiguousDowngradeError] naming
// the choices, and a plan that would undo an irreversible migration (see
// [Irreversible]) with an [*IrreversibleError], unless
// [WithForceIrreversible]; nothing is undone then. Downgrades are not
// checked for hazards: undoing a migration is a deliberate act, and the
// hazards of a downgrade are those its upgrade's
// [HazardIrreversibleDowngrade] already names. Each migration undone
// loses its fingerprint; an applied migration edited since it was applied
// is logged as a warning, not refused (its downgrade is the file's as it
// is now).
func (m *Migrator) Downgrade(ctx context.Context, target string) ([]Result, error) {
	return m.run(ctx, func(current []string) (Plan, error) { return m.graph.DowngradePlan(current, target) })
}

// Stamp sets the version table to revs without running any migration;
// no revisions empties it. It also clears the record of a migration run
// outside a transaction that stopped part-way (see
// [Migration.NoTransaction]): stamping says what the database holds.
// The fingerprints of the revisions it marks not applied are deleted;
// those it marks applied get none (it runs nothing): see
// [FingerprintReport.Unknown]. [Migrator.AcceptFingerprints] records
// fingerprints without changing the version table.
func (m *Migrator) Stamp(ctx context.Context, revs ...string) error {
	var full []string
	for _, r := range revs {
		rev, err := m.graph.Resolve(r)
		if err != nil {
			return err
		}
		full = append(full, rev)
	}
	return m.locked(ctx, func(conn *sql.Conn) error {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: stamp: %w", err)
		}
		defer tx.Rollback()
		if err := m.ensureVersionTable(ctx, tx); err != nil {
			return err
		}
		applied := m.graph.ancestors(full...)
		if err := m.writeVersions(ctx, tx, m.graph.headsOf(applied)); err != nil {
			return err
		}
		// The fingerprints of the revisions no longer applied go; those
		// still applied stay; those newly applied stay unknown (stamping
		// runs nothing) until an upgrade records them.
		recorded, err := ReadFingerprints(ctx, tx, m.cfg.versionTable)
		if err != nil {
			return err
		}
		for _, rev := range sortedKeys(recorded) {
			if !applied[rev] {
				if err := m.forgetFingerprint(ctx, tx, rev); err != nil {
					return fmt.Errorf("migrate: stamp: %w", err)
				}
			}
		}
		prog, err := ReadProgress(ctx, tx, m.cfg.versionTable)
		if err != nil {
			return err
		}
		if prog != nil {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+schema.QuoteQualified(ProgressTable(m.cfg.versionTable))); err != nil {
				return fmt.Errorf("migrate: stamp: clear progress: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate: stamp: %w", err)
		}
		if prog != nil {
			m.cfg.logf("cleared the record that the %s of %s stopped after step %d of %d", direction(prog.Up), prog.Revision, prog.Done, prog.Total)
		}
		return nil
	})
}

func (m *Migrator) run(ctx context.Context, plan func(current []string) (Plan, error)) ([]Result, error) {
	var results []Result
	err := m.locked(ctx, func(conn *sql.Conn) error {
		current, err := ReadVersions(ctx, conn, m.cfg.versionTable)
		if err != nil {
			return err
		}
		for _, rev := range current {
			if _, ok := m.graph.Node(rev); !ok {
				return &UnknownRevisionError{Revision: rev}
			}
		}
		if len(current) == 0 {
			if err := CheckVersionTable(ctx, conn, m.graph, m.cfg.versionTable); err != nil {
				return err
			}
		}
		p, err := plan(current)
		if err != nil {
			return err
		}
		if p.Up {
			if err := m.checkHazards(p.Revisions); err != nil {
				return err
			}
		} else if !m.cfg.forceIrreversible {
			if err := m.checkIrreversible(p.Revisions); err != nil {
				return err
			}
		}
		unknown, err := m.checkFingerprints(ctx, conn, current, p.Up)
		if err != nil {
			return err
		}
		resume := 0
		prog, err := ReadProgress(ctx, conn, m.cfg.versionTable)
		if err != nil {
			return err
		}
		if prog != nil {
			dropped, err := m.dropUnstarted(ctx, conn, prog, p)
			if err != nil {
				return err
			}
			if !dropped {
				if resume, err = m.resumeAt(prog, p, current); err != nil {
					return err
				}
			}
		}
		if p.Up && len(p.Revisions) > 0 && len(unknown) > 0 {
			if err := m.recordUnknown(ctx, conn, unknown); err != nil {
				return err
			}
		}
		applied := m.graph.ancestors(current...)
		for i, rev := range p.Revisions {
			start := time.Now()
			before := m.graph.headsOf(applied)
			if p.Up {
				applied[rev] = true
			} else {
				delete(applied, rev)
			}
			from := 0
			if i == 0 {
				from = resume
			}
			if err := m.applyRetrying(ctx, conn, rev, p.Up, before, m.graph.headsOf(applied), from); err != nil {
				return &PartialError{Applied: results, Failed: rev, Err: err}
			}
			mig, _ := m.set.lookup(rev)
			r := Result{Revision: rev, Message: mig.Message, Up: p.Up, Duration: time.Since(start)}
			m.cfg.logf("%s", r)
			results = append(results, r)
		}
		return nil
	})
	return results, err
}

// checkHazards returns a [*HazardError] for each of revs whose upgrade has
// hazards that nobody acknowledged, joined.
func (m *Migrator) checkHazards(revs []string) error {
	var errs []error
	for _, rev := range revs {
		mig, _ := m.set.lookup(rev)
		allowed := slices.Concat(mig.AllowHazards, m.cfg.allowHazards)
		if hs := change.UnallowedHazards(Record(mig.Upgrade), mig.NoTransaction, allowed); len(hs) > 0 {
			errs = append(errs, &HazardError{Revision: rev, Pos: mig.pos(), Hazards: hs})
		}
	}
	return errors.Join(errs...)
}

// applyRetrying runs apply, and again after a pause when it fails on a lock
// timeout, as often as [WithLockRetries] allows.
func (m *Migrator) applyRetrying(ctx context.Context, conn *sql.Conn, rev string, up bool, before, heads []string, resume int) error {
	n := m.cfg.lockRetries
	for retry := 1; ; retry++ {
		err := m.apply(ctx, conn, rev, up, before, heads, resume)
		if err == nil || !isLockTimeout(err) {
			return err
		}
		if retry > n {
			if n > 0 {
				return fmt.Errorf("gave up after %d retries: %w", n, err)
			}
			return err
		}
		// Outside a transaction the steps applied so far stay applied:
		// the retry resumes after the last one recorded, which the
		// progress table knows even when the failure came after the
		// steps (in the version-table update).
		var se *StepError
		if errors.As(err, &se) {
			resume = se.Done
		}
		if mig, _ := m.set.lookup(rev); mig.NoTransaction {
			p, perr := ReadProgress(ctx, conn, m.cfg.versionTable)
			if perr != nil {
				return fmt.Errorf("%w (and reading its progress before a retry failed: %w)", err, perr)
			}
			if p != nil && p.Revision == rev && p.Up == up {
				resume = p.Done
			}
		}
		d := retryDelay(retry)
		m.cfg.logf("lock timeout on %s: retry %d of %d in %s", rev, retry, n, d)
		if perr := m.cfg.pause(ctx, d); perr != nil {
			return fmt.Errorf("%w (retry abandoned: %w)", err, perr)
		}
	}
}

// sleep waits d, or until ctx ends (its error).
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryDelay is the pause before the retry-th retry: 0.5 s, doubling up to
// 8 s.
func retryDelay(retry int) time.Duration {
	const first, limit = 500 * time.Millisecond, 8 * time.Second
	d := first
	for i := 1; i < retry && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// apply runs one migration and records heads as the new content of the
// version table, in one transaction unless the migration asks for none.
// before is the content of the version table until then; resume is the
// number of steps of a migration outside a transaction that an earlier run
// applied.
func (m *Migrator) apply(ctx context.Context, conn *sql.Conn, rev string, up bool, before, heads []string, resume int) error {
	mig, _ := m.set.lookup(rev)
	fn := mig.Downgrade
	if up {
		fn = mig.Upgrade
	}
	changes := Record(fn)
	if !up {
		m.warnPruned(ctx, conn, rev, changes)
	}
	// What the version table and the fingerprint table get once the
	// migration's changes ran, in the transaction that commits them.
	fp := ""
	if up {
		var err error
		if fp, err = Fingerprint(changes); err != nil {
			return err
		}
	}
	book := func(q Querier) error {
		if err := m.writeVersions(ctx, q, heads); err != nil {
			return err
		}
		if up {
			return m.recordFingerprint(ctx, q, rev, fp)
		}
		return m.forgetFingerprint(ctx, q, rev)
	}
	if mig.NoTransaction {
		return m.applyOutside(ctx, conn, rev, up, before, book, changes, resume)
	}
	err := m.applyInTx(ctx, conn, changes, book)
	if err != nil && isConnLost(err) {
		return fmt.Errorf("lost the connection to the database (PostgreSQL rolls back a transaction that did not commit; rerun, and the migrations the version table lacks are applied): %w", err)
	}
	return err
}

// applyInTx runs changes and then book (which writes the version table)
// in one transaction.
func (m *Migrator) applyInTx(ctx context.Context, conn *sql.Conn, changes []change.Change, book func(Querier) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := m.setLocalTimeouts(ctx, tx); err != nil {
		return err
	}
	if err := m.ensureVersionTable(ctx, tx); err != nil {
		return err
	}
	if err := execChanges(ctx, tx, changes); err != nil {
		return err
	}
	if err := book(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// setLocalTimeouts sets the lock and statement timeouts that the options
// ask for, for the transaction q.
func (m *Migrator) setLocalTimeouts(ctx context.Context, q Querier) error {
	for _, t := range m.timeouts() {
		if _, err := q.ExecContext(ctx, "SELECT set_config($1, $2, true)", t.name, t.value); err != nil {
			return fmt.Errorf("set %s: %w", t.name, err)
		}
	}
	return nil
}

// sessionTimeouts sets the timeouts that the options ask for on the
// session of conn, and returns the function that puts back the values the
// session had before (the connection goes back to database/sql's pool
// afterwards). restore is never nil: call it also when err is not, to undo
// the settings made before the failure. A connection whose settings cannot
// be put back is discarded instead.
func (m *Migrator) sessionTimeouts(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var saved []timeout
	restore = func() {
		if len(saved) == 0 {
			return
		}
		// A fresh context: the settings must be undone even when ctx is
		// done.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, t := range saved {
			if _, err := conn.ExecContext(ctx, "SELECT set_config($1, $2, false)", t.name, t.value); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				return
			}
		}
	}
	for _, t := range m.timeouts() {
		var old string
		if err := conn.QueryRowContext(ctx, "SELECT current_setting($1)", t.name).Scan(&old); err != nil {
			return restore, fmt.Errorf("read %s: %w", t.name, err)
		}
		saved = append(saved, timeout{t.name, old})
		if _, err := conn.ExecContext(ctx, "SELECT set_config($1, $2, false)", t.name, t.value); err != nil {
			return restore, fmt.Errorf("set %s: %w", t.name, err)
		}
	}
	return restore, nil
}

type timeout struct{ name, value string }

// timeouts lists the settings to make; name is a fixed setting name.
func (m *Migrator) timeouts() []timeout {
	var ts []timeout
	if d := m.cfg.lockTimeout; d > 0 {
		ts = append(ts, timeout{"lock_timeout", millis(d)})
	}
	if d := m.cfg.statementTimeout; d > 0 {
		ts = append(ts, timeout{"statement_timeout", millis(d)})
	}
	return ts
}

// millis formats d, rounded up to whole milliseconds, as a PostgreSQL
// duration setting.
func millis(d time.Duration) string {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatInt(int64(ms), 10) + "ms"
}

// sqlState returns the SQLSTATE code of a PostgreSQL error in err's chain
// (lib/pq's *pq.Error and pgx's *pgconn.PgError both report it), or "".
func sqlState(err error) string {
	var s interface{ SQLState() string }
	if errors.As(err, &s) {
		return s.SQLState()
	}
	return ""
}

// isLockTimeout reports whether err is PostgreSQL's lock_not_available.
func isLockTimeout(err error) bool { return sqlState(err) == "55P03" }

// isConnLost reports whether err says the connection to the server broke:
// a network error, the server closing it (class 08, or a backend
// terminated or shut down: 57P01, 57P02, 57P03), or the driver's bad
// connection.
func isConnLost(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // also a net.Error, but the caller gave up
	}
	state := sqlState(err)
	// A network error (net.Error), named by its methods so that the
	// runtime does not link package net for an interface.
	var ne interface {
		error
		Timeout() bool
		Temporary() bool
	}
	return strings.HasPrefix(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne)
}

func execChanges(ctx context.Context, q Querier, changes []change.Change) error {
	for i, c := range changes {
		if run, ok := c.(change.RunGo); ok {
			if run.Func == nil {
				continue
			}
			if err := run.Func(ctx, q); err != nil {
				return fmt.Errorf("run Go step: %w", err)
			}
			continue
		}
		stmts, err := change.SQL(c)
		if err != nil {
			return err
		}
		for _, stmt := range stmts {
			if _, err := q.ExecContext(ctx, stmt); err != nil {
				if ae := addedValueUse(changes, i, err); ae != nil {
					return fmt.Errorf("%w\n    in: %s\n    %w", err, firstLine(stmt), ae)
				}
				return fmt.Errorf("%w\n    in: %s", err, firstLine(stmt))
			}
		}
	}
	return nil
}

// AddedValueError explains PostgreSQL's refusal (SQLSTATE 55P04, "unsafe
// use of new value") of a change that uses an enum value which an earlier
// change of the same transactional migration adds by ALTER TYPE ... ADD
// VALUE: the value is not usable until the transaction that adds it
// commits. The run fails, and the migration is rolled back, before this
// is reported; it names the fixes.
type AddedValueError struct {
	// Value is the value added.
	Value string
	// Use describes the change that uses it, as [change.Describe] does.
	Use string
}

// Error implements the error interface, naming the fixes.
func (e *AddedValueError) Error() string {
	return fmt.Sprintf("value %q, which %s uses, is added by ALTER TYPE ... ADD VALUE earlier in this migration, and a value added so cannot be used before its transaction commits: "+
		"set AddedValuesUsed: true in the migrate.EnumDelta of op.AlterEnumValues (the type is then rebuilt, and the value usable), or move the use to a later migration", e.Value, e.Use)
}

// addedValueUse returns the explanation of err, the failure of changes[i],
// when PostgreSQL refused it as an unsafe use of a new enum value and an
// earlier change adds a value it uses (see [change.AddedValueUses]); nil
// otherwise.
func addedValueUse(changes []change.Change, i int, err error) *AddedValueError {
	if sqlState(err) != "55P04" {
		return nil
	}
	for _, u := range change.AddedValueUses(changes[:i+1]) {
		if u.User == i {
			return &AddedValueError{Value: u.Value, Use: change.Describe(changes[i])}
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (m *Migrator) ensureVersionTable(ctx context.Context, q Querier) error {
	vt := m.cfg.versionTable
	if vt.Schema != schema.DefaultSchema {
		if _, err := q.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema.QuoteIdent(vt.Schema)); err != nil {
			return fmt.Errorf("create schema of version table %s: %w", vt, err)
		}
	}
	if _, err := q.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+schema.QuoteQualified(vt)+" (revision text NOT NULL PRIMARY KEY)"); err != nil {
		return fmt.Errorf("create version table %s: %w", vt, err)
	}
	if _, err := q.ExecContext(ctx, fingerprintTableDDL(schema.QuoteQualified(FingerprintTable(vt)))); err != nil {
		return fmt.Errorf("create fingerprint table %s: %w", FingerprintTable(vt), err)
	}
	return nil
}

func (m *Migrator) writeVersions(ctx context.Context, q Querier, heads []string) error {
	vt := schema.QuoteQualified(m.cfg.versionTable)
	if _, err := q.ExecContext(ctx, "DELETE FROM "+vt); err != nil {
		return fmt.Errorf("update version table: %w", err)
	}
	for _, h := range heads {
		if _, err := q.ExecContext(ctx, "INSERT INTO "+vt+" (revision) VALUES ($1)", h); err != nil {
			return fmt.Errorf("update version table: %w", err)
		}
	}
	return nil
}

// locked runs fn on one connection while holding the advisory lock of the
// version table. A run that has to wait tries again every 50 ms at first,
// then less often, up to every second, and logs who holds the lock when
// it starts waiting and every lockReport after; it gives up with a
// [*LockWaitError] after lockWait (never when that is 0). Before anything
// else, it turns standard_conforming_strings on for the session (see
// [standardStrings]).
func (m *Migrator) locked(ctx context.Context, fn func(*sql.Conn) error) error {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close()
	restore, err := standardStrings(ctx, conn)
	defer restore()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	key := lockKey(m.cfg.versionTable)
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
		return fmt.Errorf("migrate: take advisory lock: %w", err)
	}
	if !got {
		if err := m.waitForLock(ctx, conn, key); err != nil {
			return err
		}
	}
	defer func() {
		// A fresh context: the lock must be released even when ctx is done.
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
	}()
	return fn(conn)
}

// waitForLock polls for the advisory lock key on conn until it gets it,
// ctx ends or the lock wait runs out.
//
// It polls with pg_try_advisory_lock rather than block in
// pg_advisory_lock under a lock_timeout: a waiting statement holds a
// snapshot, and CREATE INDEX CONCURRENTLY in the run that holds the lock
// waits for every older snapshot, which would be a deadlock; between
// polls the waiting session holds nothing, and can say who it waits for.
func (m *Migrator) waitForLock(ctx context.Context, conn *sql.Conn, key int64) error {
	start := time.Now()
	var deadline <-chan time.Time
	if m.cfg.lockWait > 0 {
		t := time.NewTimer(m.cfg.lockWait)
		defer t.Stop()
		deadline = t.C
	}
	report := time.NewTicker(m.cfg.lockReport)
	defer report.Stop()
	say := func() {
		holders, err := lockHolders(ctx, conn, key)
		who := describeHolders(holders)
		if err != nil {
			who = fmt.Sprintf("(who holds it is unknown: %v)", err)
		}
		wait := "without a limit (lock wait 0)"
		if m.cfg.lockWait > 0 {
			left := max(m.cfg.lockWait-time.Since(start), 0).Round(time.Second)
			wait = fmt.Sprintf("giving up in %s (lock wait %s)", left, m.cfg.lockWait)
		}
		m.cfg.logf("waiting for the migration lock (advisory lock %d of version table %s), held by %s; %s", key, m.cfg.versionTable, who, wait)
	}
	say()
	delay := 50 * time.Millisecond
	poll := time.NewTimer(delay)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate: wait for advisory lock: %w", ctx.Err())
		case <-deadline:
			holders, err := lockHolders(ctx, conn, key)
			if err != nil {
				return fmt.Errorf("migrate: gave up waiting for the migration lock after %s, and could not say who holds it: %w", m.cfg.lockWait, err)
			}
			return &LockWaitError{Wait: m.cfg.lockWait, Key: key, VersionTable: m.cfg.versionTable, Holders: holders}
		case <-report.C:
			say()
		case <-poll.C:
			var got bool
			if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
				return fmt.Errorf("migrate: wait for advisory lock: %w", err)
			}
			if got {
				return nil
			}
			delay = min(2*delay, time.Second)
			poll.Reset(delay)
		}
	}
}

// LockHolder is a session that holds the migration lock, as
// pg_stat_activity shows it. Fields that the role may not see are empty.
type LockHolder struct {
	PID             int
	ApplicationName string
	User            string
	// Client is the client's address, empty for a Unix socket.
	Client string
	// BackendStart is when the session connected.
	BackendStart time.Time
	// XactStart is when its transaction began; zero when it is in none.
	XactStart time.Time
	// State is the session's state ("active", "idle", "idle in
	// transaction", ...), and StateChange when it entered it.
	State       string
	StateChange time.Time
}

// String describes h, such as `pid 4242 (application_name "schemagen",
// user app, connected 2026-11-30 21:30:05 UTC, idle since 2026-11-30
// 21:30:07 UTC)`.
func (h LockHolder) String() string {
	const layout = "2006-01-02 15:04:05 MST"
	var parts []string
	parts = append(parts, fmt.Sprintf("application_name %q", h.ApplicationName))
	if h.User != "" {
		parts = append(parts, "user "+h.User)
	}
	if h.Client != "" {
		parts = append(parts, "from "+h.Client)
	}
	if !h.BackendStart.IsZero() {
		parts = append(parts, "connected "+h.BackendStart.UTC().Format(layout))
	}
	if !h.XactStart.IsZero() {
		parts = append(parts, "in a transaction since "+h.XactStart.UTC().Format(layout))
	}
	if h.State != "" && !h.StateChange.IsZero() {
		parts = append(parts, h.State+" since "+h.StateChange.UTC().Format(layout))
	}
	return fmt.Sprintf("pid %d (%s)", h.PID, strings.Join(parts, ", "))
}

// describeHolders names the holders, or says that none was seen (the lock
// was released between two looks).
func describeHolders(hs []LockHolder) string {
	if len(hs) == 0 {
		return "no session any more (it was just released)"
	}
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h.String()
	}
	return strings.Join(s, " and ")
}

// LockWaitError reports a run that gave up waiting for the migration lock
// after the wait that [WithLockWait] sets, naming who holds it.
type LockWaitError struct {
	// Wait is the lock wait that ran out.
	Wait time.Duration
	// Key is the advisory lock's key, and VersionTable the version table
	// it is derived from.
	Key          int64
	VersionTable QualifiedName
	// Holders are the sessions that held the lock when the run gave up.
	Holders []LockHolder
}

// Error implements the error interface, naming the holders and what to
// do.
func (e *LockWaitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: gave up waiting for the migration lock (advisory lock %d of version table %s) after %s: it is held by %s; ",
		e.Key, e.VersionTable, e.Wait, describeHolders(e.Holders))
	b.WriteString("wait for that run to finish and rerun")
	if len(e.Holders) > 0 {
		fmt.Fprintf(&b, ", end it if it is stuck (SELECT pg_terminate_backend(%d)), ", e.Holders[0].PID)
	} else {
		b.WriteString(", ")
	}
	b.WriteString("or wait longer: lock_wait in schemagen.toml, SCHEMAGEN_LOCK_WAIT or migrate.WithLockWait (0 waits forever)")
	return b.String()
}

// lockHolders returns the sessions that hold the advisory lock key in the
// current database (pg_locks joined with pg_stat_activity), sorted by
// pid. A bigint advisory key is split across classid (its high 32 bits)
// and objid (its low 32 bits), with objsubid 1.
func lockHolders(ctx context.Context, q Querier, key int64) ([]LockHolder, error) {
	hi, lo := int64(uint64(key)>>32), int64(uint32(uint64(key)))
	rows, err := q.QueryContext(ctx, `SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(host(a.client_addr), ''),
	a.backend_start, a.xact_start, coalesce(a.state, ''), a.state_change
FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
	AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1 AND l.pid <> pg_backend_pid()
ORDER BY l.pid`, hi, lo)
	if err != nil {
		return nil, fmt.Errorf("look up the holder of the migration lock: %w", err)
	}
	defer rows.Close()
	var out []LockHolder
	for rows.Next() {
		var h LockHolder
		var backend, xact, change sql.NullTime
		if err := rows.Scan(&h.PID, &h.ApplicationName, &h.User, &h.Client, &backend, &xact, &h.State, &change); err != nil {
			return nil, fmt.Errorf("look up the holder of the migration lock: %w", err)
		}
		h.BackendStart, h.XactStart, h.StateChange = backend.Time, xact.Time, change.Time
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up the holder of the migration lock: %w", err)
	}
	return out, nil
}

// standardStrings turns standard_conforming_strings on for the session of
// conn, so that every string constant reads as the SQL that schemagen
// renders and checks means it (in '...' a backslash is a backslash), and
// returns the function that puts back the session's value (the connection
// goes back to the pool of the application's *sql.DB). restore is never
// nil: call it also when err is not. A connection whose setting cannot be
// put back is discarded instead.
func standardStrings(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	const name = "standard_conforming_strings"
	restore = func() {}
	var old string
	if err := conn.QueryRowContext(ctx, "SELECT current_setting($1)", name).Scan(&old); err != nil {
		return restore, fmt.Errorf("read %s: %w", name, err)
	}
	if old == "on" {
		return restore, nil
	}
	restore = func() {
		// A fresh context: the setting must be put back even when ctx is
		// done.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, "SELECT set_config($1, $2, false)", name, old); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	if _, err := conn.ExecContext(ctx, "SELECT set_config($1, 'on', false)", name); err != nil {
		return restore, fmt.Errorf("set %s: %w", name, err)
	}
	return restore, nil
}

// LockKey returns the key of the advisory lock (pg_advisory_lock(key))
// that every run migrating a database whose version table is vt holds,
// one run at a time: derived from the version table's name, so that two
// migration sets with different version tables do not block each other.
// An operator can find the run that holds it in pg_locks (classid and
// objid are the key's high and low 32 bits, objsubid 1).
func LockKey(vt QualifiedName) int64 { return lockKey(vt.Canonical()) }

// lockKey is [LockKey] of a canonical name.
func lockKey(vt QualifiedName) int64 {
	h := fnv.New64a()
	h.Write([]byte("schemagen\x00" + vt.Schema + "\x00" + vt.Name))
	return int64(h.Sum64())
}

// Upgrade applies set's migrations to db up to target; it is what an
// application calls at start-up:
//
//	if err := migrate.Upgrade(ctx, db, migrations.Set, "head"); err != nil { ... }
func Upgrade(ctx context.Context, db *sql.DB, set *Set, target string, opts ...Option) error {
	m, err := New(db, set, opts...)
	if err != nil {
		return err
	}
	_, err = m.Upgrade(ctx, target)
	return err
}

// warnPruned says, through logf, which restores among the changes of the
// downgrade of rev find their archive gone (`schemagen prune` removed
// it): those fall back to the plain change, a table created empty or a
// column added back without its values (their SQL says so too, with a
// WARNING that drivers rarely show).
func (m *Migrator) warnPruned(ctx context.Context, q Querier, rev string, changes []change.Change) {
	for _, c := range changes {
		var what, rel string
		switch c := c.(type) {
		case change.CreateTable:
			if c.Archive == "" || c.Table == nil {
				continue
			}
			what = "table " + c.Table.QualifiedName().String() + " is created empty"
			rel = schema.QuoteQualified(schema.QualifiedName{Schema: c.Archive, Name: c.Table.Name})
		case change.AddColumn:
			if c.Archive == "" || c.Column == nil {
				continue
			}
			what = "column " + c.Table.String() + "." + c.Column.Name + " is added back without its values"
			rel = schema.QuoteQualified(schema.QualifiedName{Schema: change.ArchiveSchema, Name: c.Archive})
		default:
			continue
		}
		var exists bool
		if err := q.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", rel).Scan(&exists); err != nil || exists {
			continue
		}
		m.cfg.logf("warning: the downgrade of %s finds archive %s gone (pruned): %s", rev, rel, what)
	}
}
