package migrate_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// holdMigrationLock takes the migration lock of the default version
// table in a session with application_name "blocker", and returns that
// session's pid and the function that releases the lock (also called at
// the end of the test).
func holdMigrationLock(t *testing.T, url string) (pid int, release func()) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("postgres", dburl.WithApplicationName(url, "blocker"))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT pg_backend_pid() FROM (SELECT pg_advisory_lock($1)) l`, migrate.LockKey(migrate.DefaultVersionTable())).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		conn.Close()
		db.Close()
	}
	t.Cleanup(release)
	return pid, release
}

// TestLockWaitGivesUp holds the migration lock in a session named
// "blocker": an upgrade with a lock wait of 1 s reports who holds it and
// gives up with a LockWaitError naming the pid and the application, and
// applies nothing.
func TestLockWaitGivesUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, url := pgtest.DB(t)
	pid, _ := holdMigrationLock(t, url)
	var log logger
	m := newMigrator(t, db, newSet(mig("100", "t")), migrate.WithLockWait(time.Second), migrate.WithLogf(log.logf))
	_, err := m.Upgrade(ctx, "head")
	var lw *migrate.LockWaitError
	if !errors.As(err, &lw) {
		t.Fatalf("Upgrade = %v, want a LockWaitError", err)
	}
	if len(lw.Holders) != 1 || lw.Holders[0].PID != pid || lw.Holders[0].ApplicationName != "blocker" || lw.Holders[0].BackendStart.IsZero() {
		t.Errorf("holders = %+v, want pid %d of blocker", lw.Holders, pid)
	}
	for _, s := range []string{fmt.Sprintf("pid %d", pid), `application_name "blocker"`, "gave up waiting for the migration lock", "after 1s", "lock_wait", fmt.Sprintf("pg_terminate_backend(%d)", pid)} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	waits := log.matching("waiting for the migration lock")
	if len(waits) == 0 || !strings.Contains(waits[0], fmt.Sprintf("held by pid %d (application_name \"blocker\"", pid)) {
		t.Errorf("logged %q, want a wait naming pid %d of blocker", log.lines, pid)
	}
	if cur, err := m.Current(ctx); err != nil || len(cur) != 0 {
		t.Errorf("Current = %v, %v; want nothing applied", cur, err)
	}
}

// TestLockWaitReleased holds the migration lock and releases it when the
// waiting upgrade has reported twice (the report interval shortened):
// the upgrade then runs. With no limit (lock wait 0) it waits as long as
// it takes.
func TestLockWaitReleased(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, url := pgtest.DB(t)
	pid, release := holdMigrationLock(t, url)
	reports := make(chan string, 100)
	log := logger{hook: func(line string) {
		if strings.HasPrefix(line, "waiting for the migration lock") {
			reports <- line
		}
	}}
	go func() {
		// The first report comes at once, the second from the ticker.
		<-reports
		<-reports
		release()
	}()
	m := newMigrator(t, db, newSet(mig("100", "t")), migrate.WithLockWait(0), migrate.WithLockReportEvery(20*time.Millisecond), migrate.WithLogf(log.logf))
	results, err := m.Upgrade(ctx, "head")
	if err != nil || len(results) != 1 {
		t.Fatalf("Upgrade after the release = %v, %v; want 100 applied", results, err)
	}
	waits := log.matching("waiting for the migration lock")
	if len(waits) < 2 || !strings.Contains(waits[1], fmt.Sprintf("pid %d", pid)) || !strings.Contains(waits[1], "without a limit") {
		t.Errorf("logged %q, want at least two reports naming pid %d", waits, pid)
	}
}

// TestMainLockWait runs Main's upgrade while a session named "blocker"
// holds the migration lock: with SCHEMAGEN_LOCK_WAIT=1s it exits 2
// naming the holder; with no limit it waits, its session shows as
// application_name schemagen, and it applies the migration once the lock
// is released. An invalid SCHEMAGEN_LOCK_WAIT is an error naming it.
func TestMainLockWait(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, url := pgtest.DB(t)
	pid, release := holdMigrationLock(t, url)
	env := map[string]string{"DATABASE_URL": url, "SCHEMAGEN_LOCK_WAIT": "1s"}
	getenv := func(k string) string { return env[k] }
	var stdout, stderr bytes.Buffer
	code := migrate.MainContext(ctx, newSet(mig("100", "t")), []string{"upgrade"}, getenv, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), fmt.Sprintf("held by pid %d (application_name \"blocker\"", pid)) {
		t.Errorf("upgrade with the lock held = %d\nstdout:\n%s\nstderr:\n%s\nwant 2 and the holder named", code, stdout.String(), stderr.String())
	}

	env["SCHEMAGEN_LOCK_WAIT"] = "soon"
	stderr.Reset()
	if code := migrate.MainContext(ctx, newSet(mig("100", "t")), []string{"upgrade"}, getenv, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `SCHEMAGEN_LOCK_WAIT="soon"`) {
		t.Errorf("upgrade with SCHEMAGEN_LOCK_WAIT=soon = %d, stderr %q", code, stderr.String())
	}

	env["SCHEMAGEN_LOCK_WAIT"] = "0"
	done := make(chan int, 1)
	go func() {
		done <- migrate.MainContext(ctx, newSet(mig("100", "t")), []string{"upgrade"}, getenv, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	waitFor(ctx, t, db, "Main's session waiting for the lock", `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemagen')`)
	release()
	if code := <-done; code != 0 {
		t.Errorf("upgrade once the lock is released = %d, want 0", code)
	}
	if n := countRows(t, db, "t"); n != 0 {
		t.Errorf("rows of t = %d, want the table, empty", n)
	}
}
