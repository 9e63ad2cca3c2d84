package migrate_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// inspect returns the catalog of db, the version table included.
func inspect(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	s, err := catalog.Inspect(context.Background(), db, catalog.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return s
}

// assertAt checks that db is at revisions want with the schema before.
func assertAt(t *testing.T, db *sql.DB, m *migrate.Migrator, want []string, before *schema.Schema) {
	t.Helper()
	cur, err := m.Current(context.Background())
	if err != nil || !cmp.Equal(cur, want, cmpopts.EquateEmpty()) {
		t.Errorf("Current = %v, %v; want %v", cur, err, want)
	}
	if diff := cmp.Diff(before, inspect(t, db)); diff != "" {
		t.Errorf("schema after the failure (-before +after):\n%s", diff)
	}
}

// countRows returns the number of rows of a table, or -1 when it does not
// exist.
func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var exists bool
	if err := db.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		return -1
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// victimSet is a set whose second migration creates a table, fills it and
// then runs block.
func victimSet(block change.RunFunc) *migrate.Set {
	return newSet(
		mig("100", "base"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "fill victim",
			Upgrade: func(op *migrate.Op) {
				createTable("victim")(op)
				op.AddColumn("victim", migrate.Column{Name: "note", Type: "text"})
				op.AddColumn("base", migrate.Column{Name: "extra", Type: "text", Nullable: true})
				op.Execute(`INSERT INTO "public"."victim" (note) SELECT 'row ' || g FROM generate_series(1, 3) g`)
				op.Run(block)
			},
			Downgrade: func(op *migrate.Op) {
				op.DropColumn("base", "extra")
				op.DropTable("victim")
			},
		},
	)
}

// waitFor polls query (which returns one boolean) every 10 ms until it is
// true or ctx ends.
func waitFor(ctx context.Context, t *testing.T, db *sql.DB, what, query string, args ...any) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var ok bool
		if err := db.QueryRowContext(ctx, query, args...).Scan(&ok); err != nil {
			t.Fatalf("wait for %s: %v", what, err)
		}
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("wait for %s: %v", what, ctx.Err())
		case <-tick.C:
		}
	}
}

// childURLEnv switches TestKillMidMigration into the migrator process
// that its parent kills; it holds the database URL.
const childURLEnv = "SCHEMAGEN_TEST_KILLED_CHILD_URL"

// TestKillMidMigration runs an upgrade in a child process (this test
// binary, told by childURLEnv to act as the migrator), kills it with
// SIGKILL while its migration's transaction is open, and checks that the
// database is at the previous revision with the previous schema, and that
// an upgrade then succeeds.
func TestKillMidMigration(t *testing.T) {
	if url := os.Getenv(childURLEnv); url != "" {
		runKilledChild(t, url)
		return
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, url := pgtest.DB(t)
	m := newMigrator(t, db, victimSet(func(context.Context, migrate.Querier) error { return nil }))
	if _, err := m.Upgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}
	before := inspect(t, db)

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKillMidMigration$", "-test.count=1")
	cmd.Env = append(os.Environ(), childURLEnv+"="+url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child prints "READY <backend pid>" from inside the migration.
	pid := 0
	sc := bufio.NewScanner(stdout)
	for pid == 0 && sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
			pid, _ = strconv.Atoi(rest)
		}
	}
	if pid == 0 {
		err := cmd.Wait()
		t.Fatalf("the child migrator ended before it was ready: %v\n%s", err, stderr.String())
	}
	// The child's transaction is open: its table is there, but only for it.
	waitFor(ctx, t, db, "the child's transaction", `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'idle in transaction')`, pid)
	// Kill sends SIGKILL: no deferred function, no cleanup runs.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Exited() {
		t.Fatalf("child ended with %v, want killed\n%s", err, stderr.String())
	}

	// The server notices the closed socket, rolls back and ends the
	// backend, which frees the advisory lock.
	waitFor(ctx, t, db, "the killed child's backend to end", `SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)`, pid)
	var locks int
	if err := db.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&locks); err != nil || locks != 0 {
		t.Errorf("advisory locks after the kill = %d, %v; want 0", locks, err)
	}
	assertAt(t, db, m, []string{"100"}, before)
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress = %v, %v; want none", p, err)
	}

	results, err := m.Upgrade(ctx, "head")
	if err != nil || !cmp.Equal(revisions(results), []string{"200"}) {
		t.Fatalf("Upgrade after the kill = %v, %v; want 200", revisions(results), err)
	}
	if n := countRows(t, db, "victim"); n != 3 {
		t.Errorf("rows of victim = %d, want 3", n)
	}
}

// runKilledChild is the child process of TestKillMidMigration: it upgrades
// the database at url, and its last migration blocks until the process is
// killed (or a minute passes, so that no child outlives a dead parent for
// long).
func runKilledChild(t *testing.T, url string) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set := victimSet(func(ctx context.Context, q migrate.Querier) error {
		var pid int
		if err := q.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "READY %d\n", pid)
		select {
		case <-time.After(time.Minute):
			return errors.New("not killed within a minute")
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	m, err := migrate.New(db, set)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Upgrade(context.Background(), "head")
	t.Fatalf("the child migrator was not killed: Upgrade = %v", err)
}

// TestConnectionLostMidMigration terminates the migrating backend from
// another connection while a migration runs a statement, and checks that
// the upgrade fails clearly, the database is at the previous revision with
// the previous schema, and a rerun succeeds.
func TestConnectionLostMidMigration(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, _ := pgtest.DB(t)
	var block atomic.Bool
	block.Store(true)
	pids := make(chan int, 1)
	m := newMigrator(t, db, victimSet(func(ctx context.Context, q migrate.Querier) error {
		if !block.Load() {
			return nil
		}
		var pid int
		if err := q.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		pids <- pid
		_, err := q.ExecContext(ctx, `SELECT pg_sleep(60)`)
		return err
	}))
	if _, err := m.Upgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}
	before := inspect(t, db)

	killed := make(chan error, 1)
	go func() {
		pid := <-pids
		// Terminate it while it sleeps, in the middle of a statement.
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var sleeping bool
			err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%')`, pid).Scan(&sleeping)
			if err != nil {
				killed <- err
				return
			}
			if sleeping {
				break
			}
			select {
			case <-ctx.Done():
				killed <- ctx.Err()
				return
			case <-tick.C:
			}
		}
		var ok bool
		err := db.QueryRowContext(ctx, `SELECT pg_terminate_backend($1)`, pid).Scan(&ok)
		if err == nil && !ok {
			err = fmt.Errorf("pg_terminate_backend(%d) = false", pid)
		}
		killed <- err
	}()
	results, err := m.Upgrade(ctx, "head")
	if kerr := <-killed; kerr != nil {
		t.Fatalf("terminate the migrating backend: %v", kerr)
	}
	var pe *migrate.PartialError
	if !errors.As(err, &pe) || pe.Failed != "200" || len(results) != 0 {
		t.Fatalf("Upgrade with its connection terminated = %v, %v; want a PartialError at 200", revisions(results), err)
	}
	for _, s := range []string{"revision 200 failed", "lost the connection to the database", "rerun", "run Go step"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	assertAt(t, db, m, []string{"100"}, before)

	block.Store(false)
	results, err = m.Upgrade(ctx, "head")
	if err != nil || !cmp.Equal(revisions(results), []string{"200"}) {
		t.Fatalf("Upgrade after the lost connection = %v, %v; want 200", revisions(results), err)
	}
	if n := countRows(t, db, "victim"); n != 3 {
		t.Errorf("rows of victim = %d, want 3", n)
	}
}

// logger collects the lines a Migrator logs; it is safe for concurrent use.
type logger struct {
	mu    sync.Mutex
	lines []string
	// hook, when set, sees each line as it is logged.
	hook func(line string)
}

func (l *logger) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	if l.hook != nil {
		l.hook(line)
	}
}

// matching returns the lines that start with prefix.
func (l *logger) matching(prefix string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if strings.HasPrefix(line, prefix) {
			out = append(out, line)
		}
	}
	return out
}

// columns lists the columns of public.name in order.
func columns(t *testing.T, db *sql.DB, name string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// indexValid reports whether index public.name exists and whether it is
// valid.
func indexValid(t *testing.T, db *sql.DB, name string) (exists, valid bool) {
	t.Helper()
	err := db.QueryRow(`SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)`, `"public".`+schema.QuoteIdent(name)).Scan(&valid)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true, valid
}

// TestNoTransactionProgress fails a migration outside a transaction at its
// second step and checks the error, the progress record, what is applied,
// the runs refused meanwhile, and that a rerun resumes at the failed step.
func TestNoTransactionProgress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	// indexed is the column that step 2 indexes: a missing one at first.
	indexed := "missing"
	noTx := func(firstColumn string) migrate.Migration {
		return migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "three steps", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.AddColumn("t", migrate.Column{Name: firstColumn, Type: "text", Nullable: true})
				op.Execute(`CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" (` + schema.QuoteIdent(indexed) + `)`)
				op.AddColumn("t", migrate.Column{Name: "b", Type: "text", Nullable: true})
			},
			Downgrade: func(op *migrate.Op) {
				op.DropColumn("t", "b")
				op.Execute(`DROP INDEX CONCURRENTLY "public"."t_a_idx"`)
				op.DropColumn("t", firstColumn)
			},
		}
	}
	set := newSet(mig("100", "t"), noTx("a"))
	var log logger
	m := newMigrator(t, db, set, migrate.WithLogf(log.logf))

	results, err := m.Upgrade(ctx, "head")
	var pe *migrate.PartialError
	var se *migrate.StepError
	if !errors.As(err, &pe) || !errors.As(err, &se) {
		t.Fatalf("Upgrade = %v, want a PartialError wrapping a StepError", err)
	}
	if !cmp.Equal(revisions(results), []string{"100"}) || pe.Failed != "200" {
		t.Errorf("results %v, failed %s; want [100], 200", revisions(results), pe.Failed)
	}
	wantStep := &migrate.StepError{Revision: "200", Up: true, Step: 2, Total: 3, Done: 1, Versions: []string{"100"},
		Statement: `CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("missing")`}
	if diff := cmp.Diff(wantStep, se, cmpopts.IgnoreFields(migrate.StepError{}, "Err")); diff != "" {
		t.Errorf("StepError (-want +got):\n%s", diff)
	}
	const wantMsg = `migration 200 runs outside a transaction and its upgrade stopped at step 2 of 3 (CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("missing")): step 1 is applied, the version table still says 100; fix the cause and rerun to resume at step 2: pq: column "missing" does not exist`
	if !strings.Contains(err.Error(), wantMsg) {
		t.Errorf("error\n%s\ndoes not contain\n%s", err, wantMsg)
	}
	wantProgress := &migrate.Progress{Revision: "200", Up: true, Done: 1, Total: 3,
		Stopped: 2, StoppedStep: `CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("missing")`}
	prog, err := m.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantProgress, prog, cmpopts.IgnoreFields(migrate.Progress{}, "Fingerprint", "UpdatedAt")); diff != "" {
		t.Errorf("Progress (-want +got):\n%s", diff)
	}
	if prog != nil && (prog.Fingerprint == "" || prog.UpdatedAt.IsZero()) {
		t.Errorf("Progress = %+v, want a fingerprint and a time", prog)
	}
	if prog != nil && !strings.Contains(prog.String(), "upgrade of 200 stopped after step 1 of 3") {
		t.Errorf("Progress.String() = %q", prog)
	}
	// Step 1 is applied, step 3 is not; the version table is unchanged.
	if got := columns(t, db, "t"); !cmp.Equal(got, []string{"id", "a"}) {
		t.Errorf("columns of t = %v, want [id a]", got)
	}
	if cur, err := m.Current(ctx); err != nil || !cmp.Equal(cur, []string{"100"}) {
		t.Errorf("Current = %v, %v; want [100]", cur, err)
	}
	stopped := inspect(t, db)

	// Runs that would not resume it, or whose applied steps changed, are
	// refused and change nothing.
	refused := []struct {
		name        string
		m           *migrate.Migrator
		run         func(*migrate.Migrator) ([]migrate.Result, error)
		wantChanged bool
		wantMsg     string
	}{
		{name: "downgrade", m: m, run: func(m *migrate.Migrator) ([]migrate.Result, error) { return m.Downgrade(ctx, "base") },
			wantMsg: "migrate: migration 200 runs outside a transaction and its upgrade stopped after step 1 of 3 in an earlier run; this run would not finish it first; finish it first: upgrading to 200 resumes it at step 2, or undo what step 1 did by hand and stamp 100 to clear the record"},
		{name: "upgrade to the current revision", m: m, run: func(m *migrate.Migrator) ([]migrate.Result, error) { return m.Upgrade(ctx, "100") },
			wantMsg: "this run would not finish it first"},
		{name: "step 1 changed", m: newMigrator(t, db, newSet(mig("100", "t"), noTx("a2"))),
			run: func(m *migrate.Migrator) ([]migrate.Result, error) { return m.Upgrade(ctx, "head") }, wantChanged: true,
			wantMsg: "migrate: migration 200 runs outside a transaction and its upgrade stopped after step 1 of 3 in an earlier run; its first 1 step(s) changed since they were applied; restore the migration as it was and rerun to resume at step 2, or undo what step 1 did by hand and stamp 100 to clear the record"},
		{name: "now in a transaction", m: newMigrator(t, db, newSet(mig("100", "t"), func() migrate.Migration { m := noTx("a"); m.NoTransaction = false; return m }())),
			run: func(m *migrate.Migrator) ([]migrate.Result, error) { return m.Upgrade(ctx, "head") }, wantChanged: true,
			wantMsg: "the migration no longer runs outside a transaction"},
		{name: "gone", m: newMigrator(t, db, newSet(mig("100", "t"))),
			run: func(m *migrate.Migrator) ([]migrate.Result, error) { return m.Upgrade(ctx, "head") }, wantChanged: true,
			wantMsg: "no migration of the set has that revision"},
	}
	for _, tc := range refused {
		results, err := tc.run(tc.m)
		var ie *migrate.InterruptedError
		if !errors.As(err, &ie) || len(results) != 0 {
			t.Errorf("%s: %v, %v; want an InterruptedError", tc.name, revisions(results), err)
			continue
		}
		if ie.Changed != tc.wantChanged || ie.Progress.Revision != "200" || !ie.Progress.Up || ie.Progress.Done != 1 {
			t.Errorf("%s: InterruptedError %+v, want Changed %v for the upgrade of 200 after step 1", tc.name, ie, tc.wantChanged)
		}
		if !strings.Contains(err.Error(), tc.wantMsg) {
			t.Errorf("%s: error\n%s\ndoes not contain\n%s", tc.name, err, tc.wantMsg)
		}
		if diff := cmp.Diff(stopped, inspect(t, db)); diff != "" {
			t.Errorf("%s: schema changed by a refused run (-before +after):\n%s", tc.name, diff)
		}
	}

	// Fixed, a rerun resumes at step 2 and completes.
	indexed = "a"
	results, err = m.Upgrade(ctx, "head")
	if err != nil || !cmp.Equal(revisions(results), []string{"200"}) {
		t.Fatalf("Upgrade after the fix = %v, %v; want 200", revisions(results), err)
	}
	if got := log.matching("resuming"); !cmp.Equal(got, []string{"resuming 200 at step 2 of 3"}) {
		t.Errorf("logged %q, want one resuming line", got)
	}
	if got := columns(t, db, "t"); !cmp.Equal(got, []string{"id", "a", "b"}) {
		t.Errorf("columns of t = %v, want [id a b]", got)
	}
	if exists, valid := indexValid(t, db, "t_a_idx"); !exists || !valid {
		t.Errorf("index t_a_idx exists %v, valid %v; want a valid index", exists, valid)
	}
	if cur, err := m.Current(ctx); err != nil || !cmp.Equal(cur, []string{"200"}) {
		t.Errorf("Current = %v, %v; want [200]", cur, err)
	}
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress after completion = %v, %v; want none", p, err)
	}

	// The downgrade runs outside a transaction too and leaves no record.
	if results, err := m.Downgrade(ctx, "100"); err != nil || !cmp.Equal(revisions(results), []string{"200"}) {
		t.Fatalf("Downgrade = %v, %v", revisions(results), err)
	}
	if got := columns(t, db, "t"); !cmp.Equal(got, []string{"id"}) {
		t.Errorf("columns of t after downgrade = %v, want [id]", got)
	}
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress after downgrade = %v, %v; want none", p, err)
	}
}

// TestNoTransactionIndexBuildResumes fails a unique index build, which
// leaves an invalid index behind, and checks that the rerun starts at the
// DROP INDEX CONCURRENTLY IF EXISTS before it.
func TestNoTransactionIndexBuildResumes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := newSet(
		migrate.Migration{Revision: "100", Message: "t", Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "t", Columns: []*migrate.Column{{Name: "v", Type: "integer"}}})
			op.Execute(`INSERT INTO "public"."t" (v) VALUES (1), (1), (2)`)
		}},
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "unique v", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.AddColumn("t", migrate.Column{Name: "w", Type: "text", Nullable: true})
				op.Execute(`DROP INDEX CONCURRENTLY IF EXISTS "public"."t_v_key"`)
				op.Execute(`CREATE UNIQUE INDEX CONCURRENTLY "t_v_key" ON "public"."t" ("v")`)
				op.Execute(`COMMENT ON INDEX "public"."t_v_key" IS 'unique'`)
			},
		},
	)
	var log logger
	m := newMigrator(t, db, set, migrate.WithLogf(log.logf))
	_, err := m.Upgrade(ctx, "head")
	var se *migrate.StepError
	if !errors.As(err, &se) || se.Step != 3 || se.Done != 1 {
		t.Fatalf("Upgrade = %v, want a StepError at step 3 with 1 step recorded", err)
	}
	if want := `its upgrade stopped at step 3 of 4 (CREATE UNIQUE INDEX CONCURRENTLY "t_v_key" ON "public"."t" ("v")): steps 1-2 are applied, the version table still says 100; fix the cause and rerun to resume at step 2 (safe to repeat): pq: could not create unique index "t_v_key"`; !strings.Contains(err.Error(), want) {
		t.Errorf("error\n%s\ndoes not contain\n%s", err, want)
	}
	if exists, valid := indexValid(t, db, "t_v_key"); !exists || valid {
		t.Errorf("after the failed build: index exists %v, valid %v; want an invalid index", exists, valid)
	}
	if p, err := m.Progress(ctx); err != nil || p == nil || p.Done != 1 || p.Total != 4 {
		t.Errorf("Progress = %v, %v; want 1 of 4 steps done", p, err)
	}

	if _, err := db.Exec(`DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t WHERE v = 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade after removing the duplicate: %v", err)
	}
	if got := log.matching("resuming"); !cmp.Equal(got, []string{"resuming 200 at step 2 of 4"}) {
		t.Errorf("logged %q, want one resuming line", got)
	}
	if exists, valid := indexValid(t, db, "t_v_key"); !exists || !valid {
		t.Errorf("index exists %v, valid %v; want a valid index", exists, valid)
	}
	var comment sql.NullString
	if err := db.QueryRow(`SELECT obj_description(to_regclass('public.t_v_key'), 'pg_class')`).Scan(&comment); err != nil || comment.String != "unique" {
		t.Errorf("index comment = %v, %v; want unique", comment, err)
	}
}

// TestNoTransactionSteps checks how a migration outside a transaction
// runs each kind of step: VACUUM, which PostgreSQL refuses in a
// transaction block, runs on its own; a failing ordinary statement rolls
// back with its record; Stamp clears the record.
func TestNoTransactionSteps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := newSet(
		mig("100", "t"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "vacuum", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.Execute(`VACUUM "public"."t"`)
				op.Run(func(ctx context.Context, q migrate.Querier) error {
					// Its own transaction, with its record.
					if _, ok := q.(*sql.Tx); !ok {
						return fmt.Errorf("Go step got %T, want *sql.Tx", q)
					}
					return nil
				})
				// Two statements in one step: the first is rolled back
				// when the second fails.
				op.Execute(`ALTER TABLE "public"."t" ADD COLUMN "x" text; SELECT 1/0`)
			},
		},
	)
	m := newMigrator(t, db, set)
	_, err := m.Upgrade(ctx, "head")
	var se *migrate.StepError
	if !errors.As(err, &se) || se.Step != 3 || se.Done != 2 || !strings.Contains(err.Error(), "division by zero") || se.Statement != `ALTER TABLE "public"."t" ADD COLUMN "x" text; SELECT 1/0` {
		t.Fatalf("Upgrade = %v, want a StepError at step 3 (division by zero) after 2 steps", err)
	}
	if got := columns(t, db, "t"); !cmp.Equal(got, []string{"id"}) {
		t.Errorf("columns of t = %v, want [id]: the failed step rolled back", got)
	}
	// Stamp says what the database holds and clears the record.
	var log logger
	m = newMigrator(t, db, set, migrate.WithLogf(log.logf))
	if err := m.Stamp(ctx, "200"); err != nil {
		t.Fatal(err)
	}
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress after Stamp = %v, %v; want none", p, err)
	}
	if got := log.matching("cleared the record that the upgrade of 200 stopped after step 2 of 3"); !cmp.Equal(got, []string{"cleared the record that the upgrade of 200 stopped after step 2 of 3"}) {
		t.Errorf("logged %q, want the cleared record", log.lines)
	}
}

// holdLock takes an ACCESS EXCLUSIVE lock on table in a transaction of its
// own and returns the function that releases it (also at the end of the
// test).
func holdLock(ctx context.Context, t *testing.T, db *sql.DB, table string) (release func()) {
	t.Helper()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `LOCK TABLE `+table+` IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if err := tx.Rollback(); err != nil {
				t.Errorf("release the lock: %v", err)
			}
			conn.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// TestLockTimeoutRetry holds a lock on the table a migration alters and
// checks that the migration times out, retries as often as allowed, and
// succeeds once the lock is released.
func TestLockTimeoutRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// noTx runs the migration outside a transaction.
		noTx bool
		// releaseAfter releases the lock at the first retry; else it is
		// held throughout.
		releaseAfter bool
		wantRetries  []string
		wantErr      bool
	}{
		{name: "released after the first timeout", releaseAfter: true,
			wantRetries: []string{"lock timeout on 200: retry 1 of 2 in 500ms"}},
		{name: "held throughout",
			wantRetries: []string{"lock timeout on 200: retry 1 of 2 in 500ms", "lock timeout on 200: retry 2 of 2 in 1s"}, wantErr: true},
		{name: "outside a transaction, released after the first timeout", noTx: true, releaseAfter: true,
			wantRetries: []string{"lock timeout on 200: retry 1 of 2 in 500ms"}},
		{name: "outside a transaction, held throughout", noTx: true,
			wantRetries: []string{"lock timeout on 200: retry 1 of 2 in 500ms", "lock timeout on 200: retry 2 of 2 in 1s"}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			db, _ := pgtest.DB(t)
			set := newSet(
				migrate.Migration{Revision: "100", Message: "t and log", Upgrade: func(op *migrate.Op) {
					createTable("t")(op)
					op.CreateTable(migrate.Table{Name: "log", Columns: []*migrate.Column{{Name: "revision", Type: "text"}}})
				}},
				migrate.Migration{
					Revision: "200", DownRevision: []string{"100"}, Message: "alter t", NoTransaction: tc.noTx,
					Upgrade: func(op *migrate.Op) {
						op.Execute(`INSERT INTO "public"."log" (revision) VALUES ('200')`)
						op.AddColumn("t", migrate.Column{Name: "c", Type: "text", Nullable: true})
					},
				},
			)
			if _, err := newMigrator(t, db, set).Upgrade(ctx, "100"); err != nil {
				t.Fatal(err)
			}
			release := holdLock(ctx, t, db, `"public"."t"`)
			var log logger
			if tc.releaseAfter {
				// At the first retry, a goroutine releases the lock; the
				// retry waits until it has.
				first, released := make(chan struct{}), make(chan struct{})
				go func() {
					select {
					case <-first:
						release()
						close(released)
					case <-ctx.Done():
					}
				}()
				log.hook = func(line string) {
					if strings.HasPrefix(line, "lock timeout on 200: retry 1 ") {
						close(first)
						<-released
					}
				}
			}
			m := newMigrator(t, db, set, migrate.WithLogf(log.logf), migrate.WithLockTimeout(100*time.Millisecond), migrate.WithLockRetries(2), migrate.WithoutRetryPauses())
			results, err := m.Upgrade(ctx, "head")
			release()
			if diff := cmp.Diff(tc.wantRetries, log.matching("lock timeout")); diff != "" {
				t.Errorf("retries logged (-want +got):\n%s", diff)
			}
			wantCols, wantCurrent, wantLog := []string{"id", "c"}, []string{"200"}, 1
			if tc.wantErr {
				var pe *migrate.PartialError
				var state interface{ SQLState() string }
				if !errors.As(err, &pe) || !errors.As(err, &state) || state.SQLState() != "55P03" || len(results) != 0 {
					t.Fatalf("Upgrade = %v, %v; want a PartialError with SQLSTATE 55P03", revisions(results), err)
				}
				for _, s := range []string{"revision 200 failed", "gave up after 2 retries", "lock timeout"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				wantCols, wantCurrent, wantLog = []string{"id"}, []string{"100"}, 0
				if tc.noTx {
					wantLog = 1 // step 1 is applied, and stays applied
					if p, err := m.Progress(ctx); err != nil || p == nil || p.Done != 1 {
						t.Errorf("Progress = %v, %v; want step 1 done", p, err)
					}
				}
			} else if err != nil || !cmp.Equal(revisions(results), []string{"200"}) {
				t.Fatalf("Upgrade = %v, %v; want 200", revisions(results), err)
			}
			if got := columns(t, db, "t"); !cmp.Equal(got, wantCols) {
				t.Errorf("columns of t = %v, want %v", got, wantCols)
			}
			if cur, err := m.Current(ctx); err != nil || !cmp.Equal(cur, wantCurrent) {
				t.Errorf("Current = %v, %v; want %v", cur, err, wantCurrent)
			}
			// A retry outside a transaction resumes at the failed step:
			// step 1 ran once.
			if n := countRows(t, db, "log"); n != wantLog {
				t.Errorf("rows of log = %d, want %d", n, wantLog)
			}
		})
	}
}

// TestStatementTimeout checks that a statement timeout fails the migration
// and is not retried like a lock timeout.
func TestStatementTimeout(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, _ := pgtest.DB(t)
	set := newSet(mig("100", "t"), migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "slow",
		Upgrade: func(op *migrate.Op) { op.Execute(`SELECT pg_sleep(30)`) },
	})
	var log logger
	m := newMigrator(t, db, set, migrate.WithLogf(log.logf), migrate.WithStatementTimeout(100*time.Millisecond), migrate.WithLockRetries(2), migrate.WithoutRetryPauses())
	_, err := m.Upgrade(ctx, "head")
	var state interface{ SQLState() string }
	if !errors.As(err, &state) || state.SQLState() != "57014" || !strings.Contains(err.Error(), "statement timeout") {
		t.Fatalf("Upgrade = %v, want a statement timeout (57014)", err)
	}
	if got := log.matching("lock timeout"); len(got) != 0 {
		t.Errorf("logged %q, want no retry", got)
	}
	if cur, err := m.Current(ctx); err != nil || !cmp.Equal(cur, []string{"100"}) {
		t.Errorf("Current = %v, %v; want [100]", cur, err)
	}
}

// TestTimeoutSettings checks that the timeouts hold while a migration runs
// and are gone from the connection afterwards, in a transaction and
// outside one.
func TestTimeoutSettings(t *testing.T) {
	t.Parallel()
	for _, noTx := range []bool{false, true} {
		t.Run(fmt.Sprintf("NoTransaction=%v", noTx), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := pgtest.DB(t)
			// One connection: the migrator's is the one read afterwards.
			db.SetMaxOpenConns(1)
			show := func(q migrate.Querier) []string {
				var lock, stmt string
				if err := q.QueryRowContext(ctx, `SELECT current_setting('lock_timeout'), current_setting('statement_timeout')`).Scan(&lock, &stmt); err != nil {
					t.Fatal(err)
				}
				return []string{lock, stmt}
			}
			before := show(db)
			var during []string
			set := newSet(mig("100", "t"), migrate.Migration{
				Revision: "200", DownRevision: []string{"100"}, Message: "look", NoTransaction: noTx,
				Upgrade: func(op *migrate.Op) {
					op.Run(func(ctx context.Context, q migrate.Querier) error { during = show(q); return nil })
				},
			})
			m := newMigrator(t, db, set, migrate.WithLockTimeout(1234*time.Millisecond), migrate.WithStatementTimeout(90*time.Second))
			if _, err := m.Upgrade(ctx, "head"); err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(during, []string{"1234ms", "90s"}) {
				t.Errorf("settings during the migration = %q, want [1234ms 90s]", during)
			}
			if after := show(db); !cmp.Equal(after, before) {
				t.Errorf("settings after the migration = %q, want %q as before", after, before)
			}
		})
	}
}

func TestProgressTable(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("v", 63)
	accented := strings.Repeat("v", 53) + "é" // é spans bytes 54 and 55
	tests := []struct {
		vt   migrate.QualifiedName
		want migrate.QualifiedName
	}{
		{vt: migrate.DefaultVersionTable(), want: migrate.QualifiedName{Schema: "public", Name: "schemagen_version_progress"}},
		{vt: migrate.QualifiedName{Schema: "public", Name: "v"}, want: migrate.QualifiedName{Schema: "public", Name: "v_progress"}},
		{vt: migrate.QualifiedName{Schema: "Meta Data", Name: "Versions"}, want: migrate.QualifiedName{Schema: "Meta Data", Name: "Versions_progress"}},
		{vt: migrate.QualifiedName{Schema: "public", Name: long}, want: migrate.QualifiedName{Schema: "public", Name: long[:54] + "_progress"}},
		{vt: migrate.QualifiedName{Schema: "public", Name: accented}, want: migrate.QualifiedName{Schema: "public", Name: accented[:53] + "_progress"}},
	}
	for _, tc := range tests {
		if got := migrate.ProgressTable(tc.vt); got != tc.want {
			t.Errorf("ProgressTable(%v) = %v, want %v", tc.vt, got, tc.want)
		}
	}

	// The progress table lives next to a version table elsewhere.
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	vt := migrate.QualifiedName{Schema: "Meta Data", Name: "Versions"}
	set := newSet(migrate.Migration{
		Revision: "100", Message: "fails", NoTransaction: true,
		Upgrade: func(op *migrate.Op) {
			createTable("t")(op)
			op.Execute("SELECT 1/0")
		},
	})
	_, err := newMigrator(t, db, set, migrate.WithVersionTable(vt)).Upgrade(ctx, "head")
	var se *migrate.StepError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "step 1 is applied, the version table still says base") {
		t.Fatalf("Upgrade = %v, want a StepError at step 2", err)
	}
	if got := tables(t, db); !cmp.Equal(got, []string{"Meta Data.Versions", "Meta Data.Versions_fingerprint", "Meta Data.Versions_progress", "public.t"}) {
		t.Errorf("tables = %v", got)
	}
	if p, err := migrate.ReadProgress(ctx, db, vt); err != nil || p == nil || p.Revision != "100" || p.Done != 1 {
		t.Errorf("ReadProgress = %v, %v; want 100 after step 1", p, err)
	}
	if p, err := migrate.ReadProgress(ctx, db, migrate.DefaultVersionTable()); err != nil || p != nil {
		t.Errorf("ReadProgress of the default version table = %v, %v; want none", p, err)
	}
}
