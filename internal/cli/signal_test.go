package cli

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalMidUpgrade runs the real schemagen binary on an upgrade whose
// second migration blocks in pg_sleep, and signals the CLI (only the CLI:
// the runner child must hear of it from its parent) with SIGINT, then
// SIGTERM. Each time the CLI exits at once, the runner with it; the
// database stays at the first revision with the blocked migration's table
// rolled back, no advisory lock is held and no query still runs, and the
// module is unchanged. Without the blocking step the upgrade then works.
func TestSignalMidUpgrade(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGINT and SIGTERM to a process")
	}
	m := newTestModule(t)
	bin := filepath.Join(t.TempDir(), "schemagen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/schemagen")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/schemagen: %v\n%s", err, out)
	}

	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "-m", "first")
	first := m.migrationFiles()[0]
	fillTemplate(t, first, `op.Execute("CREATE TABLE first_t (id int)")`, `op.Execute("DROP TABLE first_t")`)
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "revision", "-m", "blocks")
	second := newestFile(t, m.migrationFiles(), first)
	const sleep = `op.Execute("SELECT pg_sleep(30)")`
	fillTemplate(t, second, `op.Execute("CREATE TABLE blocked (id int)")
	`+sleep, `op.Execute("DROP TABLE blocked")`)
	firstRev := revisionOf(first)

	db := openURL(t, m.dbURL)
	before := moduleTree(t, m.dir)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		var out bytes.Buffer
		cmd := exec.Command(bin, "upgrade")
		cmd.Dir = m.dir
		cmd.Env = append(os.Environ(), "DATABASE_URL="+m.dbURL)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		waitForSleep(t, db, exited, &out)

		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var err error
		select {
		case err = <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Fatalf("%v: schemagen still runs 10 s after the signal:\n%s", sig, out.String())
		}
		took := time.Since(start)
		t.Logf("%v: schemagen exited %v after the signal:\n%s", sig, took.Round(time.Millisecond), out.String())
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != ExitError {
			t.Errorf("%v: schemagen exited with %v, want exit code %d\n%s", sig, err, ExitError, out.String())
		}
		// The runner got the signal and rolled back, rather than being
		// killed and left to the server to clean up after.
		if !strings.Contains(out.String(), "rolling back the migration in progress") {
			t.Errorf("%v: the runner did not report a roll back:\n%s", sig, out.String())
		}

		if got := versions(t, db); len(got) != 1 || got[0] != firstRev {
			t.Errorf("%v: version table holds %v, want [%s]", sig, got, firstRev)
		}
		assertTables(t, db, map[string]bool{"first_t": true, "blocked": false})
		// The runner released its lock and died with the CLI: nothing of
		// it still runs. A backend whose client is gone ends a moment
		// later, so the server is asked until it settles; an orphan that
		// kept migrating would hold both for the whole pg_sleep.
		if locks, sleeping := settledSessions(t, db); locks != 0 || sleeping != 0 {
			t.Errorf("%v: %d advisory locks held and %d sessions still run the blocked migration after schemagen exited", sig, locks, sleeping)
		}
		assertSameTree(t, m.dir, before, sig.String())
	}

	b, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, second, strings.Replace(string(b), sleep, "", 1))
	m.must(ExitOK, "upgrade")
	assertTables(t, db, map[string]bool{"first_t": true, "blocked": true})
	if got := versions(t, db); len(got) != 1 || got[0] != revisionOf(second) {
		t.Errorf("after the unblocked upgrade, version table holds %v, want [%s]", got, revisionOf(second))
	}
}

// settledSessions returns the advisory locks held in db's database and
// the sessions running pg_sleep there, asking again until both are zero
// or 10 s have passed.
func settledSessions(t *testing.T, db *sql.DB) (locks, sleeping int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if err := db.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&locks); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'`).Scan(&sleeping); err != nil {
			t.Fatal(err)
		}
		if (locks == 0 && sleeping == 0) || time.Now().After(deadline) {
			return locks, sleeping
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitForSleep waits until a session of db runs pg_sleep, failing the
// test when the command exits first or after 30 s (building the runner
// takes a few seconds on a loaded machine).
func waitForSleep(t *testing.T, db *sql.DB, exited <-chan error, out *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("schemagen upgrade exited before the migration blocked: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("the migration never reached pg_sleep:\n%s", out.String())
}

// versions returns the revisions the version table holds.
func versions(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT revision FROM schemagen_version ORDER BY revision`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var revs []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		revs = append(revs, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return revs
}

// assertSameTree fails the test when the files under dir differ from
// before.
func assertSameTree(t *testing.T, dir string, before map[string][32]byte, what string) {
	t.Helper()
	after := moduleTree(t, dir)
	for name, sum := range after {
		if b, ok := before[name]; !ok {
			t.Errorf("%s: %s added to the module", what, name)
		} else if b != sum {
			t.Errorf("%s: %s changed", what, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("%s: %s removed from the module", what, name)
		}
	}
}

// TestCancelOnSignal sends SIGTERM, then SIGINT, to the test process: the
// first cancels the context and says so, the second exits with
// ExitInterrupted; after stop, nothing is called.
func TestCancelOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals to the test process")
	}
	// The message is written before the context is cancelled, so reading
	// it after ctx.Done is not a race.
	var msg bytes.Buffer
	exits := make(chan int, 1)
	ctx, stop := cancelOnSignal(context.Background(), &msg, func(code int) { exits <- code })
	defer stop()
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if err := self.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	select {
	case code := <-exits:
		t.Fatalf("the first signal exited with %d", code)
	case <-time.After(100 * time.Millisecond):
	}
	if !strings.Contains(msg.String(), "signal again") {
		t.Errorf("first signal printed %q, want a note that a second signal quits", msg.String())
	}
	if err := self.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exits:
		if code != ExitInterrupted {
			t.Errorf("second signal exited with %d, want %d", code, ExitInterrupted)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second signal did not exit")
	}
}

// TestCancelOnSignalStop checks that stop cancels the context and that a
// context cancelled by its parent exits nothing.
func TestCancelOnSignalStop(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	ctx, stop := cancelOnSignal(parent, io.Discard, func(code int) { t.Errorf("exit(%d) without a signal", code) })
	cancel()
	<-ctx.Done()
	stop()
	stop() // a second stop is harmless
}
