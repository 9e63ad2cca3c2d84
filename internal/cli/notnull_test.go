package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Models of TestNotNullColumnOnPopulatedTable: v2 adds a non-pointer
// field (a NOT NULL column without a default), v3 one with a default.
const (
	notNullModelsV1 = `package models

//schemagen:table accounts
type Account struct {
	ID   int64  ` + "`db:\"id,pk,identity\"`" + `
	Name string ` + "`db:\"name\"`" + `
}
`
	notNullModelsV2 = `package models

//schemagen:table accounts
type Account struct {
	ID   int64  ` + "`db:\"id,pk,identity\"`" + `
	Name string ` + "`db:\"name\"`" + `
	Plan string ` + "`db:\"plan\"`" + `
}
`
	notNullModelsV3 = `package models

//schemagen:table accounts
type Account struct {
	ID   int64  ` + "`db:\"id,pk,identity\"`" + `
	Name string ` + "`db:\"name\"`" + `
	Plan string ` + "`db:\"plan\"`" + `
	Tier string ` + "`db:\"tier,default:'basic'\"`" + `
}
`
)

// TestNotNullColumnOnPopulatedTable (issue 13, point 2): a NOT NULL
// column without a default added to a table with rows is flagged; its
// --online plan (add nullable, backfill stub, validated check, SET NOT
// NULL) refuses to run while the stub is unfilled, leaving the migration
// partly applied at a known step, and once filled applies on 20,000 rows
// while another connection keeps inserting; a column with a default
// (`default:`) is added to the populated table by the plain plan.
func TestNotNullColumnOnPopulatedTable(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(notNullModelsV1)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create accounts")
	m.must(ExitOK, "upgrade")
	db := openURL(t, m.dbURL)
	const rows = 20000
	if _, err := db.Exec(`INSERT INTO accounts (name) SELECT 'a' || g FROM generate_series(1, $1::int) g`, rows); err != nil {
		t.Fatal(err)
	}

	// The plain plan is flagged, and says NOT NULL.
	m.writeModels(notNullModelsV2)
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "add plan")
	for _, want := range []string{
		"add column accounts.plan text NOT NULL",
		"HAZARD not-null-without-default: adding column accounts.plan NOT NULL without a default fails if table accounts has rows: give the field a default (`default:` tag) or use `revision --online`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("revision output lacks %q:\n%s", want, out)
		}
	}
	if out := m.must(ExitError, "upgrade"); !strings.Contains(out, "unacknowledged hazard not-null-without-default") {
		t.Errorf("upgrade of the plain plan:\n%s", out)
	}
	// Run all the same, it fails on the rows, as PostgreSQL says.
	if out := m.must(ExitError, "upgrade", "--allow-hazards", "not-null-without-default"); !strings.Contains(out, "contains null values") {
		t.Errorf("upgrade of the plain plan, allowed:\n%s", out)
	}
	if err := os.Remove(m.migrationFiles()[1]); err != nil {
		t.Fatal(err)
	}

	// The online plan: no hazard, a stub to fill.
	out = m.must(ExitOK, "revision", "--autogenerate", "-m", "add plan", "--online")
	if strings.Contains(out, "HAZARD") || !strings.Contains(out, "run Go code: backfill column accounts.plan (to be written)") {
		t.Errorf("online revision output:\n%s", out)
	}
	file := m.migrationFiles()[1]
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TODO(backfill)", "const value = ``", "NoTransaction: true", "op.AddCheckNotValid(", "op.ValidateConstraint("} {
		if !strings.Contains(string(src), want) {
			t.Errorf("online migration lacks %q:\n%s", want, src)
		}
	}

	// Unfilled, the stub stops the migration after the column is added.
	out = m.must(ExitError, "upgrade")
	if !strings.Contains(out, "the backfill of column accounts.plan is not written: write its value in the TODO(backfill) step of migration "+revisionOf(file)) {
		t.Errorf("upgrade with the stub unfilled:\n%s", out)
	}
	if out := m.must(ExitOK, "current"); !strings.Contains(out, "partly applied: ") || !strings.Contains(out, revisionOf(file)) {
		t.Errorf("current after the refused backfill:\n%s", out)
	}
	var nullable string
	if err := db.QueryRow(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'plan'`).Scan(&nullable); err != nil || nullable != "YES" {
		t.Fatalf("after the refused backfill, column plan: nullable %q, %v; want it added nullable", nullable, err)
	}

	// A value that gives NULL fails, rather than loop for ever.
	writeFile(t, file, strings.Replace(string(src), "const value = ``", "const value = `NULLIF('x', 'x')`", 1))
	if out := m.must(ExitError, "upgrade"); !strings.Contains(out, "backfill accounts.plan: the value is NULL on 10000 row(s)") {
		t.Errorf("upgrade with a backfill value that gives NULL:\n%s", out)
	}

	// Filled, it applies while the application (which now writes the
	// column) keeps inserting.
	filled := strings.Replace(string(src), "const value = ``", "const value = `'free'`", 1)
	writeFile(t, file, filled)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var inserted atomic.Int64
	var writeErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			if _, err := db.ExecContext(ctx, `INSERT INTO accounts (name, plan) VALUES ($1, 'pro')`, fmt.Sprintf("w%d", i)); err != nil {
				if ctx.Err() == nil {
					writeErr = fmt.Errorf("insert %d: %w", i, err)
				}
				return
			}
			inserted.Add(1)
		}
	}()
	before := inserted.Load()
	m.must(ExitOK, "upgrade")
	during := inserted.Load() - before
	cancel()
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("a concurrent insert failed: %v", writeErr)
	}
	if during == 0 {
		t.Error("no row was inserted while the upgrade ran")
	}
	t.Logf("%d rows inserted while the upgrade ran", during)
	var free, pro, nulls int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE plan = 'free'), count(*) FILTER (WHERE plan = 'pro'), count(*) FILTER (WHERE plan IS NULL) FROM accounts`).Scan(&free, &pro, &nulls); err != nil {
		t.Fatal(err)
	}
	if free != rows || int64(pro) != inserted.Load() || nulls != 0 {
		t.Errorf("after the backfill: %d free, %d pro, %d NULL; want %d free, %d pro, none NULL", free, pro, nulls, rows, inserted.Load())
	}
	if err := db.QueryRow(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'plan'`).Scan(&nullable); err != nil || nullable != "NO" {
		t.Errorf("column plan: nullable %q, %v; want NOT NULL", nullable, err)
	}
	m.must(ExitOK, "check")

	// A default makes the plain plan work on the populated table.
	m.writeModels(notNullModelsV3)
	out = m.must(ExitOK, "revision", "--autogenerate", "-m", "add tier")
	if strings.Contains(out, "HAZARD") || !strings.Contains(out, "add column accounts.tier text NOT NULL DEFAULT 'basic'") {
		t.Errorf("revision of a column with a default:\n%s", out)
	}
	m.must(ExitOK, "upgrade")
	var basic int
	if err := db.QueryRow(`SELECT count(*) FROM accounts WHERE tier = 'basic'`).Scan(&basic); err != nil || basic < rows {
		t.Errorf("rows with tier basic: %d, %v; want every row", basic, err)
	}
	m.must(ExitOK, "check")
}
