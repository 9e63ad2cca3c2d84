package migrate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// A migration that runs outside a transaction ([Migration.NoTransaction]) is
// applied step by step, and the progress table next to the version table
// records how far it got, so that a failure is reported as exactly that and the
// next run resumes where it stopped. Each statement of the migration (each of
// [change.SQL]'s statements for each change, in order) and each Go step is one
// step:
//
//   - a statement PostgreSQL refuses to run in a transaction block (one
//     with the keyword CONCURRENTLY, such as CREATE INDEX CONCURRENTLY, or
//     one that fails with SQLSTATE 25001, such as VACUUM) runs on its own,
//     and then a short transaction records it done;
//   - a Go step runs in a transaction of its own together with its
//     record: its database writes (through the Querier it gets, the
//     transaction) and "step done" commit together, or neither does, so
//     that a run killed inside it leaves nothing of it and the rerun runs
//     it once more, in effect exactly once;
//   - any other statement runs in a transaction together with the record,
//     so that it is applied and recorded, or neither;
//   - after the last step, one transaction writes the version table and
//     deletes the record.
//
// A DROP INDEX CONCURRENTLY IF EXISTS is recorded together with the step
// after it, so that a failed CREATE INDEX CONCURRENTLY (which leaves an
// invalid index behind) is retried from the drop before it.
//
// Before a Go step or a statement that runs on its own, a short
// transaction records that the step started (columns started and
// started_step), so that a run killed inside it leaves a record saying
// which step did not finish ([Progress.Stopped]), even when it is the
// first.

// ProgressTable returns the table that records the progress of migrations
// run outside a transaction, next to the version table vt (a canonical
// name: see [schema.QualifiedName]): the same schema, and vt's name
// followed by "_progress" (vt's name cut short when the whole would exceed
// PostgreSQL's 63 bytes). The runner creates it the first time such a
// migration runs; tools that compare a database with its models should
// leave it out, as they leave out the version table.
func ProgressTable(vt QualifiedName) QualifiedName { return besideVersionTable(vt, "_progress") }

// Progress is the record of a migration run outside a transaction that
// stopped part-way: the database holds its first Done steps, and the
// version table does not say so.
type Progress struct {
	Revision string
	// Up is true for an upgrade, false for a downgrade.
	Up bool
	// Done is the number of steps applied; a rerun resumes at step Done+1.
	Done int
	// Total is the number of steps of the migration.
	Total int
	// Fingerprint is a hash of the applied steps' statements; a rerun
	// whose migration's first Done steps hash differently is refused.
	Fingerprint string
	// UpdatedAt is when the last step was recorded.
	UpdatedAt time.Time
	// Stopped is the step, counted from 1, that had started and did not
	// finish (the run was killed or failed inside it), when it is a Go
	// step or a statement that runs on its own; 0 otherwise. A Go step
	// runs in a transaction with its record, so its database writes were
	// rolled back; a statement run on its own (CREATE INDEX CONCURRENTLY)
	// may have left something behind, such as an invalid index.
	Stopped int
	// StoppedStep labels step Stopped: "a Go step", or the first line of
	// its statement.
	StoppedStep string
}

// String returns a line such as "upgrade of 20261130213005 stopped after
// step 2 of 5 (at 2026-11-30 21:30:05 UTC); step 3 (a Go step) did not
// finish, and its database writes were rolled back; the next run resumes
// at step 3".
func (p *Progress) String() string {
	var b strings.Builder
	at := p.UpdatedAt.UTC().Format("2006-01-02 15:04:05 MST")
	if p.Done == 0 {
		fmt.Fprintf(&b, "%s of %s stopped before its first step finished, out of %d (at %s): nothing of it is applied", direction(p.Up), p.Revision, p.Total, at)
	} else {
		fmt.Fprintf(&b, "%s of %s stopped after step %d of %d (at %s)", direction(p.Up), p.Revision, p.Done, p.Total, at)
	}
	if p.Stopped > 0 {
		fmt.Fprintf(&b, "; step %d (%s) did not finish", p.Stopped, p.StoppedStep)
		if p.StoppedStep == goStepLabel {
			b.WriteString(", and its database writes were rolled back with its transaction")
		} else {
			b.WriteString(" and ran outside a transaction: what it did stays (an index built concurrently is left invalid)")
		}
	}
	fmt.Fprintf(&b, "; the next run resumes at step %d", p.Done+1)
	return b.String()
}

// ReadProgress returns the record of a migration run outside a
// transaction that stopped part-way on the database whose version table is
// vt, or nil when there is none (also when the progress table does not
// exist).
func ReadProgress(ctx context.Context, q Querier, vt QualifiedName) (*Progress, error) {
	pt := ProgressTable(vt)
	exists, err := tableExists(ctx, q, pt)
	if err != nil || !exists {
		return nil, err
	}
	// started and started_step through to_jsonb: a progress table made
	// before they existed has neither.
	rows, err := q.QueryContext(ctx, "SELECT revision, up, step, total, fingerprint, updated_at, (to_jsonb(p) ->> 'started')::integer, to_jsonb(p) ->> 'started_step' FROM "+schema.QuoteQualified(pt)+" p ORDER BY revision")
	if err != nil {
		return nil, fmt.Errorf("migrate: read progress table %s: %w", pt, err)
	}
	defer rows.Close()
	var all []Progress
	for rows.Next() {
		var p Progress
		var stopped sql.NullInt64
		var stoppedStep sql.NullString
		if err := rows.Scan(&p.Revision, &p.Up, &p.Done, &p.Total, &p.Fingerprint, &p.UpdatedAt, &stopped, &stoppedStep); err != nil {
			return nil, fmt.Errorf("migrate: read progress table %s: %w", pt, err)
		}
		p.Stopped, p.StoppedStep = int(stopped.Int64), stoppedStep.String
		all = append(all, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate: read progress table %s: %w", pt, err)
	}
	switch len(all) {
	case 0:
		return nil, nil
	case 1:
		return &all[0], nil
	}
	revs := make([]string, len(all))
	for i, p := range all {
		revs[i] = p.Revision
	}
	return nil, fmt.Errorf("migrate: progress table %s records several migrations (%s), but one run leaves at most one; stamp the database to clear it", pt, strings.Join(revs, ", "))
}

// Progress returns the record of a migration run outside a transaction
// that stopped part-way, or nil; see [ReadProgress].
func (m *Migrator) Progress(ctx context.Context) (*Progress, error) {
	return ReadProgress(ctx, m.db, m.cfg.versionTable)
}

func tableExists(ctx context.Context, q Querier, t QualifiedName) (bool, error) {
	var exists bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2)`,
		t.Schema, t.Name).Scan(&exists)
	if err != nil {
		return false, fmt.Errorf("migrate: look up table %s: %w", t, err)
	}
	return exists, nil
}

// StepError reports a migration run outside a transaction that stopped
// part-way: its steps before Step are applied (the first Done of them
// recorded as such), the version table still holds Versions, and a rerun
// resumes at step Done+1. A [PartialError] wraps it.
type StepError struct {
	Revision string
	// Up is true for an upgrade, false for a downgrade.
	Up bool
	// Step is the step that failed, counted from 1, of Total.
	Step, Total int
	// Statement is the failed step's statement (its first line), or "a Go
	// step".
	Statement string
	// Done is the number of steps recorded as applied.
	Done int
	// Versions is what the version table holds; empty for base.
	Versions []string
	Err      error
}

// Error implements the error interface.
func (e *StepError) Error() string {
	var applied string
	switch e.Step {
	case 1:
		applied = "no step is applied"
	case 2:
		applied = "step 1 is applied"
	default:
		applied = fmt.Sprintf("steps 1-%d are applied", e.Step-1)
	}
	resume := fmt.Sprintf("rerun to resume at step %d", e.Done+1)
	if e.Done+1 < e.Step {
		resume += " (safe to repeat)"
	}
	return fmt.Sprintf("migration %s runs outside a transaction and its %s stopped at step %d of %d (%s): %s, the version table still says %s; fix the cause and %s: %v",
		e.Revision, direction(e.Up), e.Step, e.Total, e.Statement, applied, revisionsOrBase(e.Versions), resume, e.Err)
}

// Unwrap returns the underlying error.
func (e *StepError) Unwrap() error { return e.Err }

// InterruptedError reports a run refused because a migration run outside a
// transaction stopped part-way in an earlier run (see [Progress]), and
// this run cannot resume it: it would start with something else, or the
// migration's applied steps changed since.
type InterruptedError struct {
	Progress Progress
	// Versions is what the version table holds; empty for base.
	Versions []string
	// Reason says why this run cannot resume the migration.
	Reason string
	// Changed is true when no run can resume it: the migration's applied
	// steps changed, it runs in a transaction now, or it is gone.
	Changed bool
	// Target is the target of a run that would resume it, when Changed
	// is false.
	Target string
}

// Error implements the error interface.
func (e *InterruptedError) Error() string {
	p := e.Progress
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: migration %s runs outside a transaction and its %s stopped after step %d of %d in an earlier run; %s; ",
		p.Revision, direction(p.Up), p.Done, p.Total, e.Reason)
	if e.Changed {
		fmt.Fprintf(&b, "restore the migration as it was and rerun to resume at step %d", p.Done+1)
	} else {
		verb := "downgrading"
		if p.Up {
			verb = "upgrading"
		}
		fmt.Fprintf(&b, "finish it first: %s to %s resumes it at step %d", verb, e.Target, p.Done+1)
	}
	undo := fmt.Sprintf("steps 1-%d", p.Done)
	if p.Done == 1 {
		undo = "step 1"
	}
	stamp := "base"
	if len(e.Versions) > 0 {
		stamp = strings.Join(e.Versions, " ")
	}
	fmt.Fprintf(&b, ", or undo what %s did by hand and stamp %s to clear the record", undo, stamp)
	return b.String()
}

func direction(up bool) string {
	if up {
		return "upgrade"
	}
	return "downgrade"
}

// resumeAt checks that the plan p can resume the interrupted migration of
// prog, and returns the number of its steps already applied.
func (m *Migrator) resumeAt(prog *Progress, p Plan, current []string) (int, error) {
	ie := &InterruptedError{Progress: *prog, Versions: current, Changed: true}
	mig, ok := m.set.lookup(prog.Revision)
	switch {
	case !ok:
		ie.Reason = "no migration of the set has that revision"
		return 0, ie
	case !mig.NoTransaction:
		ie.Reason = "the migration no longer runs outside a transaction"
		return 0, ie
	}
	fn := mig.Downgrade
	if prog.Up {
		fn = mig.Upgrade
	}
	steps, err := stepsOf(Record(fn))
	if err != nil {
		return 0, err
	}
	if len(steps) < prog.Done || fingerprint(steps[:prog.Done]) != prog.Fingerprint {
		ie.Reason = fmt.Sprintf("its first %d step(s) changed since they were applied", prog.Done)
		return 0, ie
	}
	if len(p.Revisions) == 0 || p.Revisions[0] != prog.Revision || p.Up != prog.Up {
		ie.Changed = false
		ie.Reason = "this run would not finish it first"
		ie.Target = prog.Revision
		if !prog.Up {
			n, _ := m.graph.Node(prog.Revision)
			switch len(n.Parents) {
			case 0:
				ie.Target = "base"
			case 1:
				ie.Target = n.Parents[0]
			default:
				ie.Target = "-1"
			}
		}
		return 0, ie
	}
	m.cfg.logf("resuming %s at step %d of %d", prog.Revision, prog.Done+1, len(steps))
	return prog.Done, nil
}

// dropUnstarted deletes the record prog of a migration outside a
// transaction none of whose steps is applied (a run stopped inside its
// first step, see [Progress.Stopped]) when the plan p does not start with
// that migration in that direction: the record says nothing about the
// database that the version table does not, and it would stand in the way
// of the next migration's. It reports whether it deleted it.
func (m *Migrator) dropUnstarted(ctx context.Context, q Querier, prog *Progress, p Plan) (bool, error) {
	if prog.Done != 0 || len(p.Revisions) > 0 && p.Revisions[0] == prog.Revision && p.Up == prog.Up {
		return false, nil
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM "+schema.QuoteQualified(ProgressTable(m.cfg.versionTable))+" WHERE revision = $1", prog.Revision); err != nil {
		return false, fmt.Errorf("migrate: clear progress: %w", err)
	}
	m.cfg.logf("cleared the record that the %s of %s stopped inside step %d (nothing of it is applied)", direction(prog.Up), prog.Revision, prog.Stopped)
	return true, nil
}

// step is one step of a migration run outside a transaction: a statement
// or a Go function.
type step struct {
	sql string
	run change.RunFunc
	// outside: the step runs outside a transaction (statements with
	// CONCURRENTLY, and batched Go steps). Another Go step runs in a
	// transaction of its own.
	outside bool
	// guard: the step is a DROP INDEX CONCURRENTLY IF EXISTS, harmless to
	// repeat, recorded together with the step after it.
	guard bool
}

// goStepLabel labels a Go step in messages and in the progress table.
const goStepLabel = "a Go step"

func (s step) label() string {
	if s.run != nil {
		return goStepLabel
	}
	const max = 100
	line := firstLine(s.sql)
	if utf8.RuneCountInString(line) > max {
		line = string([]rune(line)[:max]) + " …"
	}
	return line
}

func (s step) exec(ctx context.Context, q Querier) error {
	if s.run != nil {
		if err := s.run(ctx, q); err != nil {
			return fmt.Errorf("run Go step: %w", err)
		}
		return nil
	}
	_, err := q.ExecContext(ctx, s.sql)
	return err
}

// stepsOf splits changes into steps.
func stepsOf(changes []change.Change) ([]step, error) {
	var steps []step
	for _, c := range changes {
		if run, ok := c.(change.RunGo); ok {
			if run.Func != nil {
				steps = append(steps, step{run: run.Func, outside: run.Batched})
			}
			continue
		}
		stmts, err := change.SQL(c)
		if err != nil {
			return nil, err
		}
		for _, stmt := range stmts {
			words := sqlWords(stmt)
			steps = append(steps, step{
				sql:     stmt,
				outside: slices.Contains(words, "CONCURRENTLY"),
				guard:   hasPrefixWords(words, "DROP", "INDEX", "CONCURRENTLY", "IF", "EXISTS"),
			})
		}
	}
	return steps, nil
}

// fingerprint hashes the statements of steps (a Go step hashes as a
// marker: its code has no text to compare).
func fingerprint(steps []step) string {
	h := sha256.New()
	for _, s := range steps {
		if s.run != nil {
			h.Write([]byte("go\x00"))
			continue
		}
		h.Write([]byte("sql\x00" + s.sql + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// applyOutside runs a migration outside a transaction, step by step from
// step resume+1, recording each step done in the progress table, and
// finally writes heads to the version table and deletes the record. See
// the comment at the top of this file.
func (m *Migrator) applyOutside(ctx context.Context, conn *sql.Conn, rev string, up bool, before []string, book func(Querier) error, changes []change.Change, resume int) error {
	steps, err := stepsOf(changes)
	if err != nil {
		return err
	}
	if err := m.ensureVersionTable(ctx, conn); err != nil {
		return err
	}
	pt := schema.QuoteQualified(ProgressTable(m.cfg.versionTable))
	if _, err := conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+pt+` (
	revision text NOT NULL PRIMARY KEY,
	up boolean NOT NULL,
	step integer NOT NULL,
	total integer NOT NULL,
	fingerprint text NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	started integer,
	started_step text
)`); err != nil {
		return fmt.Errorf("create progress table %s: %w", ProgressTable(m.cfg.versionTable), err)
	}
	// A progress table made before started and started_step existed.
	if _, err := conn.ExecContext(ctx, "ALTER TABLE "+pt+" ADD COLUMN IF NOT EXISTS started integer, ADD COLUMN IF NOT EXISTS started_step text"); err != nil {
		return fmt.Errorf("update progress table %s: %w", ProgressTable(m.cfg.versionTable), err)
	}
	restore, err := m.sessionTimeouts(ctx, conn)
	defer restore()
	if err != nil {
		return err
	}

	// write records the first done steps applied and, when started is
	// not 0, that step started started.
	write := func(q Querier, done, started int) error {
		var startedStep sql.NullString
		if started > 0 {
			startedStep = sql.NullString{String: steps[started-1].label(), Valid: true}
		}
		_, err := q.ExecContext(ctx, "INSERT INTO "+pt+` (revision, up, step, total, fingerprint, updated_at, started, started_step) VALUES ($1, $2, $3, $4, $5, now(), NULLIF($6, 0), $7)
ON CONFLICT (revision) DO UPDATE SET up = EXCLUDED.up, step = EXCLUDED.step, total = EXCLUDED.total, fingerprint = EXCLUDED.fingerprint, updated_at = EXCLUDED.updated_at,
	started = EXCLUDED.started, started_step = EXCLUDED.started_step`,
			rev, up, done, len(steps), fingerprint(steps[:done]), started, startedStep)
		return err
	}
	record := func(q Querier, done int) error {
		if err := write(q, done, 0); err != nil {
			return fmt.Errorf("record step %d done: %w", done, err)
		}
		return nil
	}
	done := resume
	for i := resume; i < len(steps); i++ {
		s := steps[i]
		if s.run != nil || s.outside {
			// A short transaction of its own: a run killed inside the
			// step leaves a record naming it.
			if err := write(conn, done, i+1); err != nil {
				return &StepError{Revision: rev, Up: up, Step: i + 1, Total: len(steps), Statement: s.label(), Done: done, Versions: before,
					Err: fmt.Errorf("record step %d started: %w", i+1, err)}
			}
		}
		// A guard is recorded with the next step: a rerun repeats it.
		rec := record
		if s.guard && i+1 < len(steps) {
			rec = nil
		}
		if err := runStep(ctx, conn, s, func(q Querier) error {
			if rec == nil {
				return nil
			}
			return rec(q, i+1)
		}); err != nil {
			return &StepError{Revision: rev, Up: up, Step: i + 1, Total: len(steps), Statement: s.label(), Done: done, Versions: before, Err: err}
		}
		if rec != nil {
			done = i + 1
		}
	}

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := book(tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+pt+" WHERE revision = $1", rev); err != nil {
		return fmt.Errorf("clear progress: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// runStep runs s and then record, in one transaction unless s runs
// outside one. A statement that PostgreSQL refuses in a transaction block
// (SQLSTATE 25001) is rolled back and run on its own; a Go step never
// leaves its transaction (it would run twice).
func runStep(ctx context.Context, conn *sql.Conn, s step, record func(Querier) error) error {
	if !s.outside {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback()
		err = s.exec(ctx, tx)
		if err == nil {
			if err := record(tx); err != nil {
				return err
			}
			if err := tx.Commit(); err != nil {
				return fmt.Errorf("commit: %w", err)
			}
			return nil
		}
		if s.run != nil && sqlState(err) == "25001" {
			return fmt.Errorf("%w\n    a Go step runs in a transaction of its own (its writes then happen exactly once): "+
				"run what PostgreSQL refuses in a transaction (CREATE INDEX CONCURRENTLY, VACUUM) from op.RunBatched, or as an op.Execute step", err)
		}
		if s.run != nil || sqlState(err) != "25001" {
			return err
		}
		if err := tx.Rollback(); err != nil {
			return fmt.Errorf("roll back: %w", err)
		}
	}
	if err := s.exec(ctx, conn); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := record(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// sqlWords returns the bare words of the SQL statement stmt, upper-cased,
// leaving out string constants, quoted identifiers and comments.
func sqlWords(stmt string) []string {
	var words []string
	isWord := func(c byte) bool {
		return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	// skipQuoted skips a constant or identifier opened at i by quote,
	// with doubled quotes (and backslash escapes when escapes is set).
	skipQuoted := func(i int, quote byte, escapes bool) int {
		for i++; i < len(stmt); i++ {
			switch {
			case escapes && stmt[i] == '\\':
				i++
			case stmt[i] == quote:
				if i+1 < len(stmt) && stmt[i+1] == quote {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(stmt)
	}
	for i := 0; i < len(stmt); {
		c := stmt[i]
		switch {
		case c == '\'':
			i = skipQuoted(i, '\'', false)
		case c == '"':
			i = skipQuoted(i, '"', false)
		case c == '-' && strings.HasPrefix(stmt[i:], "--"):
			if j := strings.IndexByte(stmt[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(stmt)
			}
		case c == '/' && strings.HasPrefix(stmt[i:], "/*"):
			// Block comments nest in PostgreSQL.
			depth := 0
			for i < len(stmt) {
				switch {
				case strings.HasPrefix(stmt[i:], "/*"):
					depth++
					i += 2
				case strings.HasPrefix(stmt[i:], "*/"):
					depth--
					i += 2
				default:
					i++
				}
				if depth == 0 {
					break
				}
			}
		case c == '$':
			// A dollar-quoted constant $tag$…$tag$, or a parameter $1.
			j := i + 1
			for j < len(stmt) && isWord(stmt[j]) && stmt[j] != '$' {
				j++
			}
			if j < len(stmt) && stmt[j] == '$' && (j == i+1 || stmt[i+1] < '0' || stmt[i+1] > '9') {
				tag := stmt[i : j+1]
				if k := strings.Index(stmt[j+1:], tag); k >= 0 {
					i = j + 1 + k + len(tag)
				} else {
					i = len(stmt)
				}
			} else {
				i = j
			}
		case isWord(c):
			j := i
			for j < len(stmt) && isWord(stmt[j]) {
				j++
			}
			word := stmt[i:j]
			i = j
			if (word == "E" || word == "e") && i < len(stmt) && stmt[i] == '\'' {
				i = skipQuoted(i, '\'', true)
				continue
			}
			words = append(words, strings.ToUpper(word))
		default:
			i++
		}
	}
	return words
}

func hasPrefixWords(words []string, prefix ...string) bool {
	if len(words) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if words[i] != p {
			return false
		}
	}
	return true
}
