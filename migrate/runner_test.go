package migrate_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// createTable returns a migration step creating table name with an id
// primary key.
func createTable(name string) func(op *migrate.Op) {
	return func(op *migrate.Op) {
		q := migrate.QualifiedName{Name: name}
		if i := strings.IndexByte(name, '.'); i >= 0 {
			q = migrate.QualifiedName{Schema: name[:i], Name: name[i+1:]}
		}
		op.CreateTable(migrate.Table{
			Schema:     q.Schema,
			Name:       q.Name,
			Columns:    []*migrate.Column{{Name: "id", Type: "bigint", Identity: true}},
			PrimaryKey: &migrate.PrimaryKey{Name: q.Name + "_pkey", Columns: []string{"id"}},
		})
	}
}

func dropTable(name string) func(op *migrate.Op) {
	return func(op *migrate.Op) { op.DropTable(name) }
}

// mig is a migration that creates table and drops it on downgrade.
func mig(rev, table string, parents ...string) migrate.Migration {
	return migrate.Migration{
		Revision:     rev,
		DownRevision: parents,
		Message:      "create " + table,
		Upgrade:      createTable(table),
		Downgrade:    dropTable(table),
	}
}

func newSet(migs ...migrate.Migration) *migrate.Set {
	s := &migrate.Set{}
	for _, m := range migs {
		s.Add(m)
	}
	return s
}

func newMigrator(t *testing.T, db *sql.DB, set *migrate.Set, opts ...migrate.Option) *migrate.Migrator {
	t.Helper()
	m, err := migrate.New(db, set, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

// tables lists the tables of db as "schema.name", sorted.
func tables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func revisions(rs []migrate.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Revision)
	}
	return out
}

// step runs one Upgrade or Downgrade and checks the revisions it ran, the
// version table and the tables afterwards.
type step struct {
	name        string
	up          bool
	target      string
	stamp       []string // when set, Stamp(stamp...) instead
	wantRun     []string
	wantCurrent []string
	wantTables  []string
}

func runSteps(t *testing.T, db *sql.DB, m *migrate.Migrator, steps []step) {
	t.Helper()
	ctx := context.Background()
	for _, s := range steps {
		var results []migrate.Result
		var err error
		switch {
		case s.stamp != nil:
			err = m.Stamp(ctx, s.stamp...)
		case s.up:
			results, err = m.Upgrade(ctx, s.target)
		default:
			results, err = m.Downgrade(ctx, s.target)
		}
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if diff := cmp.Diff(s.wantRun, revisions(results), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: revisions run (-want +got):\n%s", s.name, diff)
		}
		for _, r := range results {
			if r.Up != s.up {
				t.Errorf("%s: result %s has Up = %v", s.name, r, r.Up)
			}
		}
		cur, err := m.Current(ctx)
		if err != nil {
			t.Fatalf("%s: Current: %v", s.name, err)
		}
		if diff := cmp.Diff(s.wantCurrent, cur, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: Current (-want +got):\n%s", s.name, diff)
		}
		if diff := cmp.Diff(s.wantTables, tables(t, db), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: tables (-want +got):\n%s", s.name, diff)
		}
	}
}

func TestUpgradeDowngradeLinear(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	set := newSet(
		mig("100", "user"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "add select",
			Upgrade: func(op *migrate.Op) {
				op.AddColumn("user", migrate.Column{Name: "select", Type: "text", Nullable: true})
				createTable("Orders")(op)
			},
			Downgrade: func(op *migrate.Op) {
				op.DropTable("Orders")
				op.DropColumn("user", "select")
			},
		},
		mig("300", "c", "200"),
	)
	m := newMigrator(t, db, set)
	const vt, ft = "public.schemagen_version", "public.schemagen_version_fingerprint"
	cur, err := m.Current(context.Background())
	if err != nil || cur != nil {
		t.Fatalf("Current of a fresh database = %v, %v; want none", cur, err)
	}
	runSteps(t, db, m, []step{
		{name: "upgrade head", up: true, target: "head", wantRun: []string{"100", "200", "300"}, wantCurrent: []string{"300"},
			wantTables: []string{"public.Orders", "public.c", vt, ft, "public.user"}},
		{name: "upgrade head again", up: true, target: "head", wantCurrent: []string{"300"},
			wantTables: []string{"public.Orders", "public.c", vt, ft, "public.user"}},
		{name: "downgrade -1", target: "-1", wantRun: []string{"300"}, wantCurrent: []string{"200"},
			wantTables: []string{"public.Orders", vt, ft, "public.user"}},
		{name: "downgrade base", target: "base", wantRun: []string{"200", "100"}, wantTables: []string{vt, ft}},
		{name: "upgrade +1", up: true, target: "+1", wantRun: []string{"100"}, wantCurrent: []string{"100"},
			wantTables: []string{vt, ft, "public.user"}},
		{name: "stamp 3", stamp: []string{"3"}, wantCurrent: []string{"300"}, wantTables: []string{vt, ft, "public.user"}},
		{name: "stamp none", stamp: []string{}, wantCurrent: nil, wantTables: []string{vt, ft, "public.user"}},
		{name: "stamp 100", stamp: []string{"100"}, wantCurrent: []string{"100"}, wantTables: []string{vt, ft, "public.user"}},
		{name: "upgrade prefix", up: true, target: "2", wantRun: []string{"200"}, wantCurrent: []string{"200"},
			wantTables: []string{"public.Orders", vt, ft, "public.user"}},
		{name: "downgrade to rev", target: "100", wantRun: []string{"200"}, wantCurrent: []string{"100"},
			wantTables: []string{vt, ft, "public.user"}},
	})
	if err := m.Stamp(context.Background(), "9"); err == nil || !strings.Contains(err.Error(), `no revision "9"`) {
		t.Errorf("Stamp(9) = %v, want an unknown revision error", err)
	}
	if _, err := m.Downgrade(context.Background(), "300"); err == nil || !strings.Contains(err.Error(), "not applied") {
		t.Errorf("Downgrade(300) = %v, want not applied", err)
	}
}

func TestBranchesAndMerge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := newSet(mig("100", "base"), mig("210", "left", "100"), mig("220", "right", "100"))
	m := newMigrator(t, db, set)

	_, err := m.Upgrade(ctx, "head")
	var mh *migrate.MultipleHeadsError
	if !errors.As(err, &mh) {
		t.Fatalf("Upgrade head with two heads = %v, want a MultipleHeadsError", err)
	}
	if !cmp.Equal(mh.Heads, []string{"210", "220"}) || !strings.Contains(err.Error(), "210, 220") {
		t.Errorf("MultipleHeadsError = %v (Heads %v), want both heads named", err, mh.Heads)
	}
	if got := tables(t, db); len(got) != 0 {
		t.Errorf("tables after a refused upgrade = %v, want none", got)
	}

	const vt, ft = "public.schemagen_version", "public.schemagen_version_fingerprint"
	runSteps(t, db, m, []step{
		{name: "upgrade heads", up: true, target: "heads", wantRun: []string{"100", "210", "220"}, wantCurrent: []string{"210", "220"},
			wantTables: []string{"public.base", "public.left", "public.right", vt, ft}},
	})
	var rows int
	if err := db.QueryRow("SELECT count(*) FROM public.schemagen_version").Scan(&rows); err != nil || rows != 2 {
		t.Errorf("version table rows = %d, %v; want 2", rows, err)
	}

	// A merge migration makes one head again.
	set.Add(mig("300", "merged", "210", "220"))
	m = newMigrator(t, db, set)
	if h, err := m.Graph().Head(); err != nil || h != "300" {
		t.Fatalf("Head after merge = %q, %v", h, err)
	}
	runSteps(t, db, m, []step{
		{name: "upgrade head through merge", up: true, target: "head", wantRun: []string{"300"}, wantCurrent: []string{"300"},
			wantTables: []string{"public.base", "public.left", "public.merged", "public.right", vt, ft}},
		{name: "downgrade 300@-1 undoes the merge (-1 is ambiguous there)", target: "300@-1", wantRun: []string{"300"}, wantCurrent: []string{"210", "220"},
			wantTables: []string{"public.base", "public.left", "public.right", vt, ft}},
		{name: "upgrade head again", up: true, target: "head", wantRun: []string{"300"}, wantCurrent: []string{"300"},
			wantTables: []string{"public.base", "public.left", "public.merged", "public.right", vt, ft}},
		{name: "downgrade to the branch point", target: "100", wantRun: []string{"300", "220", "210"}, wantCurrent: []string{"100"},
			wantTables: []string{"public.base", vt, ft}},
		{name: "upgrade one branch", up: true, target: "22", wantRun: []string{"220"}, wantCurrent: []string{"220"},
			wantTables: []string{"public.base", "public.right", vt, ft}},
		{name: "upgrade merge pulls the other branch", up: true, target: "300", wantRun: []string{"210", "300"}, wantCurrent: []string{"300"},
			wantTables: []string{"public.base", "public.left", "public.merged", "public.right", vt, ft}},
		{name: "stamp two heads by prefix", stamp: []string{"21", "220"}, wantCurrent: []string{"210", "220"},
			wantTables: []string{"public.base", "public.left", "public.merged", "public.right", vt, ft}},
		{name: "stamp reduces to heads", stamp: []string{"100", "210"}, wantCurrent: []string{"210"},
			wantTables: []string{"public.base", "public.left", "public.merged", "public.right", vt, ft}},
	})
}

func TestFailingMigrationIsRolledBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	ran := false
	set := newSet(
		mig("100", "first"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "broken",
			Upgrade: func(op *migrate.Op) {
				createTable("second")(op)
				op.AddColumn("first", migrate.Column{Name: "x", Type: "text", Nullable: true})
				op.Execute("INSERT INTO nowhere VALUES (1)")
			},
		},
		migrate.Migration{
			Revision: "300", DownRevision: []string{"200"}, Message: "third",
			Upgrade: func(op *migrate.Op) {
				op.Run(func(context.Context, migrate.Querier) error { ran = true; return nil })
			},
		},
	)
	m := newMigrator(t, db, set)
	results, err := m.Upgrade(ctx, "head")
	var pe *migrate.PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("Upgrade = %v, want a PartialError", err)
	}
	if pe.Failed != "200" || !cmp.Equal(revisions(pe.Applied), []string{"100"}) || !cmp.Equal(revisions(results), []string{"100"}) {
		t.Errorf("PartialError Failed %s, Applied %v, results %v; want 200, [100], [100]", pe.Failed, revisions(pe.Applied), revisions(results))
	}
	for _, s := range []string{"revision 200 failed", "nowhere", "INSERT INTO nowhere"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	if ran {
		t.Errorf("the migration after the failure ran")
	}
	cur, err := m.Current(ctx)
	if err != nil || !cmp.Equal(cur, []string{"100"}) {
		t.Errorf("Current = %v, %v; want [100]", cur, err)
	}
	if diff := cmp.Diff([]string{"public.first", "public.schemagen_version", "public.schemagen_version_fingerprint"}, tables(t, db)); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	var cols int
	if err := db.QueryRow(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'first'`).Scan(&cols); err != nil || cols != 1 {
		t.Errorf("columns of first = %d, %v; want 1 (the added column rolled back)", cols, err)
	}

	// A failing Go step rolls back likewise, and its error is wrapped.
	boom := errors.New("boom")
	set2 := newSet(
		mig("100", "first"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "go fails",
			Upgrade: func(op *migrate.Op) {
				createTable("second")(op)
				op.Run(func(context.Context, migrate.Querier) error { return boom })
			},
		},
	)
	_, err = newMigrator(t, db, set2).Upgrade(ctx, "head")
	if !errors.As(err, &pe) || !errors.Is(err, boom) || len(pe.Applied) != 0 || pe.Failed != "200" {
		t.Errorf("Upgrade with failing Go step = %v, want PartialError wrapping boom with nothing applied", err)
	}
	if diff := cmp.Diff([]string{"public.first", "public.schemagen_version", "public.schemagen_version_fingerprint"}, tables(t, db)); diff != "" {
		t.Errorf("tables after failing Go step (-want +got):\n%s", diff)
	}
}

func TestUnknownRevision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	other := newSet(mig("100", "a"), mig("999", "b", "100"))
	if _, err := newMigrator(t, db, other).Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	m := newMigrator(t, db, newSet(mig("100", "a"), mig("200", "c", "100")))
	for name, run := range map[string]func() ([]migrate.Result, error){
		"upgrade":   func() ([]migrate.Result, error) { return m.Upgrade(ctx, "head") },
		"downgrade": func() ([]migrate.Result, error) { return m.Downgrade(ctx, "base") },
	} {
		results, err := run()
		var ue *migrate.UnknownRevisionError
		if !errors.As(err, &ue) || ue.Revision != "999" || len(results) != 0 {
			t.Errorf("%s = %v, %v; want UnknownRevisionError for 999", name, results, err)
		}
	}
	if got := tables(t, db); !cmp.Equal(got, []string{"public.a", "public.b", "public.schemagen_version", "public.schemagen_version_fingerprint"}) {
		t.Errorf("tables = %v, want them untouched", got)
	}
}

func TestNoTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	var q migrate.Querier
	set := newSet(
		mig("100", "t"),
		migrate.Migration{
			Revision: "200", DownRevision: []string{"100"}, Message: "concurrent index", NoTransaction: true,
			Upgrade: func(op *migrate.Op) {
				// Fails inside a transaction block.
				op.Execute(`CREATE INDEX CONCURRENTLY "t_id_idx" ON "public"."t" ("id")`)
				op.Run(func(_ context.Context, got migrate.Querier) error { q = got; return nil })
			},
			Downgrade: func(op *migrate.Op) {
				op.Execute(`DROP INDEX CONCURRENTLY "public"."t_id_idx"`)
			},
		},
	)
	m := newMigrator(t, db, set)
	runSteps(t, db, m, []step{
		{name: "upgrade", up: true, target: "head", wantRun: []string{"100", "200"}, wantCurrent: []string{"200"},
			wantTables: []string{"public.schemagen_version", "public.schemagen_version_fingerprint", "public.schemagen_version_progress", "public.t"}},
	})
	if _, ok := q.(*sql.Tx); !ok {
		t.Errorf("Go step of a NoTransaction migration got %T, want *sql.Tx (its own transaction)", q)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE indexname = 't_id_idx'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("index count = %d, %v; want 1", n, err)
	}
	runSteps(t, db, m, []step{
		{name: "downgrade", target: "-1", wantRun: []string{"200"}, wantCurrent: []string{"100"},
			wantTables: []string{"public.schemagen_version", "public.schemagen_version_fingerprint", "public.schemagen_version_progress", "public.t"}},
	})
	if err := db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE indexname = 't_id_idx'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("index count after downgrade = %d, %v; want 0", n, err)
	}

	// In a transaction the same statement fails.
	set.Add(migrate.Migration{
		Revision: "300", DownRevision: []string{"200"}, Message: "in tx",
		Upgrade: func(op *migrate.Op) { op.Execute(`CREATE INDEX CONCURRENTLY "x" ON "public"."t" ("id")`) },
	})
	_, err := newMigrator(t, db, set).Upgrade(ctx, "head")
	var pe *migrate.PartialError
	if !errors.As(err, &pe) || pe.Failed != "300" || !strings.Contains(err.Error(), "transaction block") {
		t.Errorf("CREATE INDEX CONCURRENTLY in a transaction = %v, want PartialError at 300", err)
	}
}

func TestRunGoUsesTheTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	var q migrate.Querier
	set := newSet(migrate.Migration{
		Revision: "100", Message: "seed",
		Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "user", Columns: []*migrate.Column{{Name: "name", Type: "text"}}})
			op.Run(func(ctx context.Context, tx migrate.Querier) error {
				q = tx
				// The table exists only inside the migration's transaction.
				var n int
				if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'user'`).Scan(&n); err != nil || n != 0 {
					return fmt.Errorf("table visible outside the transaction: %d, %v", n, err)
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO "public"."user" (name) VALUES ($1)`, "ann")
				return err
			})
		},
		Downgrade: dropTable("user"),
	})
	m := newMigrator(t, db, set)
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if _, ok := q.(*sql.Tx); !ok {
		t.Errorf("Go step got %T, want *sql.Tx", q)
	}
	var name string
	if err := db.QueryRow(`SELECT name FROM "user"`).Scan(&name); err != nil || name != "ann" {
		t.Errorf("row = %q, %v; want ann", name, err)
	}
}

func TestVersionTableInOtherSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	if _, err := db.Exec(`CREATE SCHEMA "Meta Data"`); err != nil {
		t.Fatal(err)
	}
	vt := migrate.QualifiedName{Schema: "Meta Data", Name: "Versions"}
	set := newSet(mig("100", "a"), mig("200", "b", "100"))
	var logged []string
	m := newMigrator(t, db, set, migrate.WithVersionTable(vt), migrate.WithLogf(func(f string, args ...any) {
		logged = append(logged, fmt.Sprintf(f, args...))
	}))
	runSteps(t, db, m, []step{
		{name: "upgrade", up: true, target: "head", wantRun: []string{"100", "200"}, wantCurrent: []string{"200"},
			wantTables: []string{"Meta Data.Versions", "Meta Data.Versions_fingerprint", "public.a", "public.b"}},
	})
	if len(logged) != 2 || !strings.HasPrefix(logged[0], "upgrade 100 (create a) ") {
		t.Errorf("logged %q, want a line per migration", logged)
	}
	got, err := migrate.ReadVersions(ctx, db, vt)
	if err != nil || !cmp.Equal(got, []string{"200"}) {
		t.Errorf("ReadVersions = %v, %v", got, err)
	}
	// The default version table knows nothing.
	if cur, err := newMigrator(t, db, set).Current(ctx); err != nil || cur != nil {
		t.Errorf("Current with the default version table = %v, %v; want none", cur, err)
	}
	// A missing schema of the version table is created.
	other := migrate.QualifiedName{Schema: "nope", Name: "v"}
	if _, err := newMigrator(t, db, newSet(mig("100", "z")), migrate.WithVersionTable(other)).Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade with a version table in a missing schema: %v", err)
	}
	if got, err := migrate.ReadVersions(ctx, db, other); err != nil || !cmp.Equal(got, []string{"100"}) {
		t.Errorf("ReadVersions(nope.v) = %v, %v", got, err)
	}
}

func TestNewOptions(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("postgres", "postgres://unused/")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tests := []struct {
		name            string
		db              *sql.DB
		set             *migrate.Set
		opts            []migrate.Option
		wantErrContains string
	}{
		{name: "ok", db: db, set: newSet(mig("1", "a"))},
		{name: "no db", set: newSet(), wantErrContains: "needs a database and a set"},
		{name: "no set", db: db, wantErrContains: "needs a database and a set"},
		{name: "version table without name", db: db, set: newSet(), opts: []migrate.Option{migrate.WithVersionTable(migrate.QualifiedName{Schema: "x"})}, wantErrContains: "version table needs a name"},
		{name: "nil logf", db: db, set: newSet(), opts: []migrate.Option{migrate.WithLogf(nil)}, wantErrContains: "WithLogf needs a function"},
		{name: "timeouts and retries", db: db, set: newSet(), opts: []migrate.Option{migrate.WithLockTimeout(time.Second), migrate.WithStatementTimeout(0), migrate.WithLockRetries(3)}},
		{name: "negative lock timeout", db: db, set: newSet(), opts: []migrate.Option{migrate.WithLockTimeout(-time.Second)}, wantErrContains: "WithLockTimeout needs a duration of zero or more, not -1s"},
		{name: "negative statement timeout", db: db, set: newSet(), opts: []migrate.Option{migrate.WithStatementTimeout(-1)}, wantErrContains: "WithStatementTimeout needs a duration of zero or more, not -1ns"},
		{name: "negative lock retries", db: db, set: newSet(), opts: []migrate.Option{migrate.WithLockRetries(-2)}, wantErrContains: "WithLockRetries needs a count of zero or more, not -2"},
		{name: "invalid set", db: db, set: newSet(mig("1", "a"), mig("1", "b")), wantErrContains: "duplicate revision 1 in runner_test.go, also in runner_test.go"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := migrate.New(tc.db, tc.set, tc.opts...)
			if tc.wantErrContains == "" {
				if err != nil || m == nil {
					t.Fatalf("New = %v, %v", m, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
				t.Fatalf("New error = %v, want one containing %q", err, tc.wantErrContains)
			}
		})
	}
}

// TestConcurrentUpgrade starts replicas at once, each with a connection
// pool of its own as separate processes would: each migration must run
// exactly once, no run may fail, and a replica that waits for the lock says
// so. The first migration holds the lock until a replica has reported its
// wait, so that a wait happens on every run.
func TestConcurrentUpgrade(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, url := pgtest.DB(t)
	waited := make(chan struct{})
	var waitedOnce sync.Once
	insertLog := func(rev string) change.RunFunc {
		return func(ctx context.Context, q migrate.Querier) error {
			_, err := q.ExecContext(ctx, `INSERT INTO "public"."log" (revision) VALUES ($1)`, rev)
			return err
		}
	}
	logStep := func(rev string) func(op *migrate.Op) {
		return func(op *migrate.Op) {
			op.Execute("SELECT pg_sleep(0.02)")
			op.Run(insertLog(rev))
		}
	}
	set := newSet(
		migrate.Migration{Revision: "100", Message: "log", Upgrade: func(op *migrate.Op) {
			op.CreateTable(migrate.Table{Name: "log", Columns: []*migrate.Column{{Name: "revision", Type: "text"}}})
			op.Run(func(ctx context.Context, _ migrate.Querier) error {
				select {
				case <-waited:
					return nil
				case <-ctx.Done():
					return fmt.Errorf("no replica reported that it waits for the lock: %w", ctx.Err())
				}
			})
			logStep("100")(op)
		}},
		migrate.Migration{Revision: "200", DownRevision: []string{"100"}, Upgrade: logStep("200")},
		migrate.Migration{Revision: "300", DownRevision: []string{"200"}, Upgrade: logStep("300")},
		migrate.Migration{Revision: "400", DownRevision: []string{"300"}, NoTransaction: true, Upgrade: func(op *migrate.Op) {
			op.Execute(`CREATE INDEX CONCURRENTLY "log_revision_idx" ON "public"."log" ("revision")`)
			op.Run(insertLog("400"))
		}},
		migrate.Migration{Revision: "500", DownRevision: []string{"400"}, Upgrade: logStep("500")},
	)
	const replicas = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		ran     []string
		waiting int
	)
	errs := make(chan error, replicas)
	for range replicas {
		wg.Go(func() {
			db, err := sql.Open("postgres", url)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			m, err := migrate.New(db, set, migrate.WithLogf(func(format string, args ...any) {
				if line := fmt.Sprintf(format, args...); strings.HasPrefix(line, "waiting for the migration lock") {
					mu.Lock()
					waiting++
					mu.Unlock()
					waitedOnce.Do(func() { close(waited) })
				}
			}))
			if err != nil {
				errs <- err
				return
			}
			results, err := m.Upgrade(ctx, "head")
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			ran = append(ran, revisions(results)...)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Upgrade: %v", err)
	}
	if diff := cmp.Diff([]string{"100", "200", "300", "400", "500"}, ran, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("revisions run across replicas (-want +got):\n%s", diff)
	}
	if waiting < 1 || waiting > replicas-1 {
		t.Errorf("%d replicas reported waiting for the lock, want 1 to %d", waiting, replicas-1)
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT revision, count(*) FROM log GROUP BY revision ORDER BY revision`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var rev string
		var n int
		if err := rows.Scan(&rev, &n); err != nil {
			t.Fatal(err)
		}
		got[rev] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"100": 1, "200": 1, "300": 1, "400": 1, "500": 1}, got); diff != "" {
		t.Errorf("log rows per revision (-want +got):\n%s", diff)
	}
}

func TestUpgradeFunc(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := newSet(mig("100", "a"))
	if err := migrate.Upgrade(ctx, db, set, "head"); err != nil {
		t.Fatal(err)
	}
	if err := migrate.Upgrade(ctx, db, newSet(mig("1", "a"), mig("2", "b", "3")), "head"); err == nil || !strings.Contains(err.Error(), "missing parent 3") {
		t.Errorf("Upgrade with an invalid set = %v", err)
	}
	if got := tables(t, db); !cmp.Equal(got, []string{"public.a", "public.schemagen_version", "public.schemagen_version_fingerprint"}) {
		t.Errorf("tables = %v", got)
	}
}

// TestMainCommand sets the environment, so it does not run in parallel.
func TestMainCommand(t *testing.T) {
	db, url := pgtest.DB(t)
	if _, err := db.Exec(`CREATE SCHEMA meta`); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", url)
	t.Setenv("SCHEMAGEN_VERSION_TABLE", "meta.versions")
	// settings holds lock_timeout and statement_timeout as migration 200
	// saw them.
	var settings []string
	set := newSet(mig("100", "a"), migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "create b",
		Upgrade: func(op *migrate.Op) {
			createTable("b")(op)
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				var lock, stmt string
				err := q.QueryRowContext(ctx, `SELECT current_setting('lock_timeout'), current_setting('statement_timeout')`).Scan(&lock, &stmt)
				settings = []string{lock, stmt}
				return err
			})
		},
		Downgrade: dropTable("b"),
	})
	tests := []struct {
		name         string
		env          map[string]string
		args         []string
		wantCode     int
		wantStdout   string
		wantStderr   string
		wantSettings []string
	}{
		{name: "no args", args: nil, wantCode: 2, wantStderr: "usage:"},
		{name: "unknown command", args: []string{"sideways"}, wantCode: 2, wantStderr: `unknown command "sideways"`},
		{name: "downgrade without target", args: []string{"downgrade"}, wantCode: 2, wantStderr: "usage: downgrade [--force-irreversible] TARGET"},
		{name: "upgrade", args: []string{"upgrade", "head"}, wantCode: 0, wantStdout: "upgrade 200 (create b)", wantSettings: []string{"0", "0"}},
		{name: "upgrade again", args: []string{"upgrade", "head"}, wantCode: 0, wantStdout: "nothing to do"},
		{name: "downgrade", args: []string{"downgrade", "-1"}, wantCode: 0, wantStdout: "downgrade 200 (create b)"},
		{name: "bad target", args: []string{"downgrade", "-x"}, wantCode: 2, wantStderr: "flag provided but not defined: -x"},
		{name: "bad lock timeout", env: map[string]string{"SCHEMAGEN_LOCK_TIMEOUT": "2"}, args: []string{"upgrade", "head"}, wantCode: 2,
			wantStderr: `SCHEMAGEN_LOCK_TIMEOUT="2" is not a duration of zero or more such as 2s or 500ms`},
		{name: "negative statement timeout", env: map[string]string{"SCHEMAGEN_STATEMENT_TIMEOUT": "-1s"}, args: []string{"upgrade", "head"}, wantCode: 2,
			wantStderr: `SCHEMAGEN_STATEMENT_TIMEOUT="-1s" is not a duration`},
		{name: "bad lock retries", env: map[string]string{"SCHEMAGEN_LOCK_RETRIES": "many"}, args: []string{"upgrade", "head"}, wantCode: 2,
			wantStderr: `SCHEMAGEN_LOCK_RETRIES="many" is not a count of zero or more`},
		{name: "negative lock retries", env: map[string]string{"SCHEMAGEN_LOCK_RETRIES": "-1"}, args: []string{"upgrade", "head"}, wantCode: 2,
			wantStderr: `SCHEMAGEN_LOCK_RETRIES="-1" is not a count`},
		{name: "upgrade with timeouts", env: map[string]string{"SCHEMAGEN_LOCK_TIMEOUT": "1500ms", "SCHEMAGEN_STATEMENT_TIMEOUT": "1m", "SCHEMAGEN_LOCK_RETRIES": "3"},
			args: []string{"upgrade", "head"}, wantCode: 0, wantStdout: "upgrade 200 (create b)", wantSettings: []string{"1500ms", "1min"}},
		{name: "stamp", args: []string{"stamp", "200"}, wantCode: 0},
	}
	for _, tc := range tests {
		for _, env := range []string{"SCHEMAGEN_LOCK_TIMEOUT", "SCHEMAGEN_STATEMENT_TIMEOUT", "SCHEMAGEN_LOCK_RETRIES"} {
			t.Setenv(env, tc.env[env])
		}
		settings = nil
		var stdout, stderr bytes.Buffer
		code := migrate.Main(set, tc.args, &stdout, &stderr)
		if code != tc.wantCode || !strings.Contains(stdout.String(), tc.wantStdout) || !strings.Contains(stderr.String(), tc.wantStderr) {
			t.Errorf("%s: Main(%q) = %d, stdout %q, stderr %q; want %d, %q, %q", tc.name, tc.args, code, stdout.String(), stderr.String(), tc.wantCode, tc.wantStdout, tc.wantStderr)
		}
		if !cmp.Equal(settings, tc.wantSettings) {
			t.Errorf("%s: lock_timeout and statement_timeout in the migration = %q, want %q", tc.name, settings, tc.wantSettings)
		}
	}
	got, err := migrate.ReadVersions(context.Background(), db, migrate.QualifiedName{Schema: "meta", Name: "versions"})
	if err != nil || !cmp.Equal(got, []string{"200"}) {
		t.Errorf("versions after stamp = %v, %v", got, err)
	}
	t.Setenv("DATABASE_URL", "")
	var stderr bytes.Buffer
	if code := migrate.Main(set, []string{"upgrade", "head"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "DATABASE_URL is not set") {
		t.Errorf("Main without DATABASE_URL = %d, %q", code, stderr.String())
	}
}
