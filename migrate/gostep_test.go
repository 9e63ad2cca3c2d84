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
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// goStepChildEnv switches TestKillInGoStep into the migrator process that
// its parent kills; it holds the database URL.
const goStepChildEnv = "SCHEMAGEN_TEST_KILLED_GO_STEP_URL"

// balanceSet is a set whose first migration creates an account with a
// balance of 100 and whose second, outside a transaction, builds an index
// concurrently (step 1), adds 10 to the balance in a Go step that then
// runs after (step 2), and comments on the table (step 3).
func balanceSet(after change.RunFunc) *migrate.Set {
	return newSet(
		migrate.Migration{
			Revision: "100", Message: "account",
			Upgrade: func(op *migrate.Op) {
				op.Execute(`CREATE TABLE "public"."account" ("id" integer PRIMARY KEY, "balance" integer NOT NULL)`)
				op.Execute(`INSERT INTO "public"."account" VALUES (1, 100)`)
			},
			Downgrade: func(op *migrate.Op) { op.Execute(`DROP TABLE "public"."account"`) },
		},
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "credit", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.Execute(`CREATE INDEX CONCURRENTLY "account_balance_idx" ON "public"."account" ("balance")`)
				op.Run(func(ctx context.Context, q migrate.Querier) error {
					if _, err := q.ExecContext(ctx, `UPDATE "public"."account" SET "balance" = "balance" + 10 WHERE "id" = 1`); err != nil {
						return err
					}
					return after(ctx, q)
				})
				op.Execute(`COMMENT ON TABLE "public"."account" IS 'credited'`)
			},
			Downgrade: func(op *migrate.Op) {},
		},
	)
}

// TestKillInGoStep runs an upgrade in a child process (this test binary,
// told by goStepChildEnv to act as the migrator) and kills it with
// SIGKILL inside the Go step of a migration outside a transaction, after
// the step has added 10 to a balance of 100. The progress record names
// the step that did not finish; the resumed upgrade runs the step once
// more, and the balance is 110, not 120.
func TestKillInGoStep(t *testing.T) {
	if url := os.Getenv(goStepChildEnv); url != "" {
		runGoStepChild(t, url)
		return
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, url := pgtest.DB(t)
	m := newMigrator(t, db, balanceSet(func(context.Context, migrate.Querier) error { return nil }))
	if _, err := m.Upgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKillInGoStep$", "-test.count=1")
	cmd.Env = append(os.Environ(), goStepChildEnv+"="+url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
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
	waitFor(ctx, t, db, "the child's Go step", `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state IN ('idle', 'idle in transaction'))`, pid)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Exited() {
		t.Fatalf("child ended with %v, want killed\n%s", err, stderr.String())
	}
	waitFor(ctx, t, db, "the killed child's backend to end", `SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)`, pid)

	if got := balance(t, db); got != 100 {
		t.Errorf("balance after the kill = %d, want 100 (the Go step's write rolled back)", got)
	}
	p, err := m.Progress(ctx)
	if err != nil || p == nil {
		t.Fatalf("Progress after the kill = %v, %v; want a record", p, err)
	}
	if p.Revision != "200" || p.Done != 1 || p.Stopped != 2 || p.StoppedStep != "a Go step" {
		t.Errorf("Progress = %+v; want 200 with step 1 done and step 2 (a Go step) stopped", *p)
	}
	for _, s := range []string{"stopped after step 1 of 3", "step 2 (a Go step) did not finish", "rolled back", "resumes at step 2"} {
		if !strings.Contains(p.String(), s) {
			t.Errorf("Progress.String() = %q, want it to contain %q", p, s)
		}
	}

	var log logger
	m = newMigrator(t, db, balanceSet(func(context.Context, migrate.Querier) error { return nil }), migrate.WithLogf(log.logf))
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade after the kill: %v", err)
	}
	if got := log.matching("resuming"); !cmp.Equal(got, []string{"resuming 200 at step 2 of 3"}) {
		t.Errorf("logged %q, want one resuming line", got)
	}
	if got := balance(t, db); got != 110 {
		t.Errorf("balance after the resumed upgrade = %d, want 110 (the Go step applied once)", got)
	}
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress after the resumed upgrade = %v, %v; want none", p, err)
	}
}

// runGoStepChild is the child process of TestKillInGoStep: its Go step
// blocks, after its write, until the process is killed (or a minute
// passes, so that no child outlives a dead parent for long).
func runGoStepChild(t *testing.T, url string) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set := balanceSet(func(ctx context.Context, q migrate.Querier) error {
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

// TestGoStepFailsFirst checks a migration outside a transaction whose
// first step, a Go step, fails: nothing is applied, the record names the
// step, and a run that does not resume the migration clears the record
// instead of refusing.
func TestGoStepFailsFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	boom := errors.New("boom")
	set := newSet(
		mig("100", "t"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "go first", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				op.Run(func(ctx context.Context, q migrate.Querier) error {
					if _, err := q.ExecContext(ctx, `INSERT INTO "public"."t" DEFAULT VALUES`); err != nil {
						return err
					}
					return boom
				})
			},
		},
	)
	var log logger
	m := newMigrator(t, db, set, migrate.WithLogf(log.logf))
	if _, err := m.Upgrade(ctx, "head"); !errors.Is(err, boom) {
		t.Fatalf("Upgrade = %v, want boom", err)
	}
	if n := countRows(t, db, "t"); n != 0 {
		t.Errorf("rows of t = %d, want 0 (the Go step rolled back)", n)
	}
	p, err := m.Progress(ctx)
	if err != nil || p == nil || p.Done != 0 || p.Stopped != 1 {
		t.Fatalf("Progress = %v, %v; want step 1 stopped, none done", p, err)
	}
	if want := "stopped before its first step finished"; !strings.Contains(p.String(), want) {
		t.Errorf("Progress.String() = %q, want it to contain %q", p, want)
	}
	// A downgrade does not resume it, and has nothing to refuse for.
	if _, err := m.Downgrade(ctx, "base"); err != nil {
		t.Fatalf("Downgrade = %v, want it to run", err)
	}
	if got := log.matching("cleared the record"); len(got) != 1 {
		t.Errorf("logged %q, want the record cleared", log.lines)
	}
	if p, err := m.Progress(ctx); err != nil || p != nil {
		t.Errorf("Progress after the downgrade = %v, %v; want none", p, err)
	}
}

// balance returns the balance of account 1.
func balance(t *testing.T, db *sql.DB) int {
	t.Helper()
	var b int
	if err := db.QueryRow(`SELECT balance FROM "public"."account" WHERE id = 1`).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBatchedGoStep: a batched Go step (op.RunBatched) of a
// NoTransaction migration runs outside a transaction: each statement
// commits on its own, so what it did before a failure stays, and a rerun
// runs it again from its start (it must be idempotent); op.Run's would
// roll back (TestGoStepFailsFirst). In a transactional migration it runs
// with the migration's transaction, and rolls back with it.
func TestBatchedGoStep(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		noTx     bool
		wantRows int
	}{
		{name: "outside a transaction", noTx: true, wantRows: 1},
		{name: "in a transaction", wantRows: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			boom := errors.New("boom")
			fail := true
			set := newSet(
				mig("100", "t"),
				migrate.Migration{
					Revision: "200", DownRevision: []string{"100"}, Message: "batched", NoTransaction: tc.noTx,
					Upgrade: func(op *migrate.Op) {
						op.RunBatched(func(ctx context.Context, q migrate.Querier) error {
							if _, err := q.ExecContext(ctx, `INSERT INTO "public"."t" DEFAULT VALUES`); err != nil {
								return err
							}
							if fail {
								return boom
							}
							return nil
						})
					},
				},
			)
			m := newMigrator(t, db, set)
			if _, err := m.Upgrade(ctx, "head"); !errors.Is(err, boom) {
				t.Fatalf("Upgrade = %v, want boom", err)
			}
			if n := countRows(t, db, "t"); n != tc.wantRows {
				t.Errorf("rows of t after the failure = %d, want %d", n, tc.wantRows)
			}
			fail = false
			if _, err := m.Upgrade(ctx, "head"); err != nil {
				t.Fatalf("Upgrade again: %v", err)
			}
			if n := countRows(t, db, "t"); n != tc.wantRows+1 {
				t.Errorf("rows of t after the rerun = %d, want %d (the step ran again)", n, tc.wantRows+1)
			}
		})
	}
}
