package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/schema"
)

// Names of the measured commands, the rows of the commands table.
const (
	cmdRevision     = "revision --autogenerate"
	cmdCheckLive    = "check"
	cmdCheckShadow  = "check --mode shadow"
	cmdCheckOffline = "check --offline"
	cmdAlembic      = "alembic revision --autogenerate"
	cmdUpgrade      = "upgrade"
	cmdHeads        = "heads"
	cmdHistory      = "history"
	cmdCurrent      = "current"
)

// tablesPerBatch is how many tables' DDL one statement batch creates:
// one transaction creating thousands of tables runs out of lock slots.
const tablesPerBatch = 50

// harness runs the benchmark.
type harness struct {
	ctx   context.Context
	cfg   config
	repo  string // the schemagen checkout
	tmp   string // everything the run writes, removed by close
	bin   string // the built schemagen
	self  string // this program, re-executed for stages
	admin *sql.DB
	dbs   []string // databases to drop
	// python runs Alembic; empty when Alembic is skipped.
	python string
	res    *results
}

// newHarness checks the server, locates the checkout and makes the
// temporary folder.
func newHarness(ctx context.Context, cfg config) (*harness, error) {
	h := &harness{ctx: ctx, cfg: cfg, res: newResults(cfg)}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if h.repo, err = findRepo(wd); err != nil {
		return nil, err
	}
	if h.self, err = os.Executable(); err != nil {
		return nil, fmt.Errorf("locate this program: %w", err)
	}
	h.admin, err = sql.Open("postgres", cfg.serverURL)
	if err == nil {
		err = h.admin.PingContext(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %s (start PostgreSQL with `make start-db`, or set DATABASE_URL)", dburl.Redact(cfg.serverURL), dburl.Scrub(err.Error(), cfg.serverURL))
	}
	if err := h.admin.QueryRowContext(ctx, "SHOW server_version").Scan(&h.res.PostgreSQL); err != nil {
		h.admin.Close()
		return nil, fmt.Errorf("read the server version: %w", err)
	}
	if h.tmp, err = os.MkdirTemp("", "schemabench-"); err != nil {
		h.admin.Close()
		return nil, fmt.Errorf("make a temporary folder: %w", err)
	}
	return h, nil
}

// findRepo walks up from dir to the schemagen module root.
func findRepo(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if src, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.HasPrefix(string(src), "module github.com/schemagen/schemagen\n") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s is not inside the schemagen checkout", dir)
		}
	}
}

// close drops the databases and removes the temporary folder.
func (h *harness) close() {
	for _, name := range h.dbs {
		h.dropDB(name)
	}
	h.admin.Close()
	if err := os.RemoveAll(h.tmp); err != nil {
		h.fail("remove %s: %v", h.tmp, err)
	}
}

// logf reports progress on stderr.
func (h *harness) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "schemabench %s  %s\n", time.Since(h.res.Started).Round(time.Second), fmt.Sprintf(format, args...))
}

// fail records an error; the run goes on and exits 1 at the end.
func (h *harness) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	h.res.Errors = append(h.res.Errors, msg)
	h.logf("ERROR: %s", msg)
}

// runs returns the number of measured runs at size n.
func (h *harness) runs(n int) int {
	if n >= h.cfg.largeN {
		return h.cfg.largeRuns
	}
	return h.cfg.runs
}

// run runs every measurement.
func (h *harness) run() {
	h.logf("PostgreSQL %s, %d cores, %s", h.res.PostgreSQL, runtime.NumCPU(), runtime.Version())
	if err := h.build(); err != nil {
		h.fail("%v", err)
		return
	}
	h.findAlembic()
	for _, n := range h.cfg.sizes {
		if h.ctx.Err() != nil {
			break
		}
		if err := h.size(n); err != nil {
			h.fail("N=%d: %v", n, err)
		}
	}
	for _, n := range h.cfg.catalogSizes {
		if h.ctx.Err() != nil || slices.Contains(h.cfg.sizes, n) {
			continue
		}
		if err := h.catalogOnly(n); err != nil {
			h.fail("catalog N=%d: %v", n, err)
		}
	}
	for _, n := range h.cfg.chains {
		if h.ctx.Err() != nil {
			break
		}
		if err := h.chain(n); err != nil {
			h.fail("chain of %d: %v", n, err)
		}
	}
	if h.cfg.runner && h.ctx.Err() == nil {
		if err := h.runner(); err != nil {
			h.fail("runner: %v", err)
		}
	}
	if err := h.ctx.Err(); err != nil {
		h.fail("interrupted: %v", err)
	}
}

// build builds schemagen.
func (h *harness) build() error {
	h.bin = filepath.Join(h.tmp, "bin", "schemagen")
	h.logf("go build ./cmd/schemagen")
	out, err := execute(h.ctx, h.self, command{Dir: h.repo, Env: os.Environ(), Args: []string{"go", "build", "-o", h.bin, "./cmd/schemagen"}})
	if err != nil {
		return fmt.Errorf("build schemagen: %w", err)
	}
	h.res.Build = out.wall
	return nil
}

// createDB creates an empty database and returns its URL.
func (h *harness) createDB(prefix string) (name, url string, err error) {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name = prefix + "_" + hex.EncodeToString(b)
	if _, err := h.admin.ExecContext(h.ctx, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
		return "", "", fmt.Errorf("create database %s: %w", name, err)
	}
	h.dbs = append(h.dbs, name)
	url, err = dburl.WithDatabase(h.cfg.serverURL, name)
	return name, url, err
}

// dropDB drops a database the harness made.
func (h *harness) dropDB(name string) {
	i := slices.Index(h.dbs, name)
	if i < 0 {
		return
	}
	h.dbs = slices.Delete(h.dbs, i, i+1)
	if _, err := h.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)+" WITH (FORCE)"); err != nil {
		h.fail("drop database %s: %v", name, err)
	}
}

// applySQL creates tables in the database at url. Workers (one per
// core) create contiguous ranges of tables, tablesPerBatch tables per
// transaction; the first table of each range but the first gets its
// foreign key, which references the previous range, at the end.
func (h *harness) applySQL(url string, tables []gen.Table) error {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	workers := max(1, min(runtime.NumCPU(), len(tables)/tablesPerBatch))
	per := (len(tables) + workers - 1) / workers
	create := func(lo, hi int) error {
		for start := lo; start < hi; start += tablesPerBatch {
			var stmts []string
			for i := start; i < min(start+tablesPerBatch, hi); i++ {
				stmts = append(stmts, gen.TableSQL(&tables[i], i == lo && lo > 0)...)
			}
			// A multi-statement string runs in one implicit transaction.
			if _, err := db.ExecContext(h.ctx, strings.Join(stmts, ";\n")); err != nil {
				return fmt.Errorf("create tables %d…: %w", start+1, err)
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		lo, hi := w*per, min((w+1)*per, len(tables))
		wg.Go(func() { errs[w] = create(lo, hi) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for w := 1; w < workers; w++ {
		if stmt := gen.ForeignKeySQL(&tables[w*per]); stmt != "" {
			if _, err := db.ExecContext(h.ctx, stmt); err != nil {
				return fmt.Errorf("add a foreign key: %w", err)
			}
		}
	}
	return nil
}

// schemagen returns the command that runs the built schemagen in dir
// against the database at url.
func (h *harness) schemagen(dir, url string, args ...string) command {
	return command{Dir: dir, Env: append(os.Environ(), "DATABASE_URL="+url, "GOWORK=off"), Args: append([]string{h.bin}, args...)}
}

// must runs c once and returns its stdout.
func (h *harness) must(c command) (string, error) {
	out, err := execute(h.ctx, h.self, c)
	return out.stdout, err
}

// measureCommand measures the command that c returns (called after
// before): one warm-up and runs runs. It returns the measurement and the
// last run's stdout.
func (h *harness) measureCommand(runs int, before func() error, c func() command) (*measurement, string) {
	last := ""
	m := repeat(1, runs, before, func() (run, error) {
		out, err := execute(h.ctx, h.self, c())
		last = out.stdout
		return out.run, err
	})
	return m, last
}

// stage measures one in-process stage in a child process, and returns
// the child's result too.
func (h *harness) stage(job stageJob) (*measurement, stageResult) {
	var res stageResult
	job.Warmups = 1
	in, err := json.Marshal(job)
	if err != nil {
		return &measurement{Err: err.Error()}, res
	}
	out, err := execute(h.ctx, h.self, command{Dir: h.repo, Env: append(os.Environ(), "GOWORK=off"), Args: []string{h.self, stageFlag}, Stdin: in})
	m := &measurement{PeakKB: out.peakKB, Queries: -1}
	if err != nil {
		m.Err = err.Error()
		return m, res
	}
	if err := json.Unmarshal([]byte(out.stdout), &res); err != nil {
		m.Err = fmt.Sprintf("read the stage's result: %v", err)
		return m, res
	}
	m.Seconds, m.Queries = res.Seconds, res.Queries
	return m, res
}

// size runs the full measurement on N tables.
func (h *harness) size(n int) error {
	runs := h.runs(n)
	dbName, dbURL, err := h.createDB(fmt.Sprintf("schemabench_%d", n))
	if err != nil {
		return err
	}
	defer h.dropDB(dbName)
	h.logf("N=%d: create the database from SQL", n)
	start := time.Now()
	if err := h.applySQL(dbURL, gen.Tables(n, gen.Database)); err != nil {
		return err
	}
	h.res.Setup[n] = time.Since(start)

	// The module: the database's models give the first migration, which
	// the database is stamped with; then the models change.
	dir := filepath.Join(h.tmp, fmt.Sprintf("n%d", n), "app")
	defer os.RemoveAll(filepath.Dir(dir))
	if err := h.writeModule(dir, gen.Database, n); err != nil {
		return err
	}
	for _, args := range [][]string{{"init"}, {"revision", "--autogenerate", "--offline", "-m", "initial"}, {"stamp", "head"}} {
		if _, err := h.must(h.schemagen(dir, dbURL, args...)); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "models")); err != nil {
		return err
	}
	if err := h.writeModule(dir, gen.Models, n); err != nil {
		return err
	}

	// The stages' inputs, and what the diff finds.
	h.logf("N=%d: stage inputs", n)
	base := filepath.Join(filepath.Dir(dir), "schema-")
	inputs := stageJob{Dir: dir, DatabaseURL: dbURL, ServerURL: h.cfg.serverURL,
		Model: base + "model.json", Live: base + "live.json", Respelled: base + "respelled.json"}
	job := inputs
	job.Stage = stageInputs
	if m, res := h.stage(job); m.Err != "" {
		return fmt.Errorf("prepare the stages' inputs: %s", m.Err)
	} else {
		want := gen.Expected(n)
		wantMap := map[string]int{"AddColumn": want.AddedColumns, "DropIndex": want.DroppedIndexes, "AlterColumn": want.ChangedNullability}
		if !maps.Equal(res.Changes, wantMap) {
			h.fail("N=%d: the diff found %v, the generator expects %v", n, res.Changes, wantMap)
		}
	}
	for _, st := range []string{stageLoad, stageInspect, stageCanonicalize, stageDiff, stageEmit} {
		h.logf("N=%d: stage %s", n, st)
		job := inputs
		job.Stage, job.Runs, job.CPUProfile = st, runs, h.profile(st, n)
		m, _ := h.stage(job)
		h.res.stage(st, n, m)
		if st == stageInspect {
			h.res.Catalog[n] = m
		}
		h.check(m, "N=%d stage %s", n, st)
	}

	// The commands, end to end.
	migrations := filepath.Join(dir, "migrations")
	baseline, err := listDir(migrations)
	if err != nil {
		return err
	}
	removeNew := func() error { return removeExcept(migrations, baseline) }
	h.logf("N=%d: %s", n, cmdRevision)
	rev := h.schemagen(dir, dbURL, "revision", "--autogenerate", "-m", "bench")
	m, out := h.measureCommand(runs, removeNew, func() command { return rev })
	h.res.command(cmdRevision, n, m)
	if m.ok() {
		h.res.Found[n] = fmt.Sprintf("%d changes", countIndented(out))
	}
	if err := removeNew(); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{cmdCheckLive, []string{"check"}},
		{cmdCheckShadow, []string{"check", "--mode", "shadow"}},
		{cmdCheckOffline, []string{"check", "--offline"}},
	} {
		h.logf("N=%d: %s", n, c.name)
		cmd := h.schemagen(dir, dbURL, c.args...)
		cmd.Exits = []int{1} // the models have drifted from the database
		m, _ := h.measureCommand(runs, nil, func() command { return cmd })
		h.res.command(c.name, n, m)
	}
	for _, name := range []string{cmdRevision, cmdCheckLive, cmdCheckShadow, cmdCheckOffline} {
		h.check(h.res.Commands[name][n], "N=%d %s", n, name)
	}

	if h.python != "" {
		h.logf("N=%d: %s", n, cmdAlembic)
		m, ops, defaultLimit := h.alembic(n, dbURL, runs)
		h.res.command(cmdAlembic, n, m)
		h.res.AlembicFound[n], h.res.AlembicDefaultLimit[n] = ops, defaultLimit
		h.check(m, "N=%d %s", n, cmdAlembic)
	}
	return nil
}

// profile returns the file for the CPU profile of a stage at size n, empty
// without -cpuprofile.
func (h *harness) profile(stage string, n int) string {
	if h.cfg.profileDir == "" {
		return ""
	}
	dir, err := filepath.Abs(h.cfg.profileDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		h.fail("profile folder: %v", err)
		return ""
	}
	return filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", stage, n))
}

// check records a failed measurement as an error.
func (h *harness) check(m *measurement, format string, args ...any) {
	if m != nil && m.Err != "" {
		h.fail("%s: %s", fmt.Sprintf(format, args...), m.Err)
	}
}

// writeModule writes the generated module of n tables of variant v into
// dir (go.mod and go.sum, the models and the uuid package).
func (h *harness) writeModule(dir string, v gen.Variant, n int) error {
	mod, err := gen.Module(h.repo)
	if err != nil {
		return err
	}
	models, err := gen.GoModels(gen.Tables(n, v))
	if err != nil {
		return err
	}
	for _, fs := range []gen.Files{mod, models} {
		if err := fs.Write(dir); err != nil {
			return err
		}
	}
	return nil
}

// catalogOnly measures catalog introspection alone on N tables.
func (h *harness) catalogOnly(n int) error {
	dbName, dbURL, err := h.createDB(fmt.Sprintf("schemabench_catalog_%d", n))
	if err != nil {
		return err
	}
	defer h.dropDB(dbName)
	h.logf("catalog N=%d: create the database from SQL", n)
	start := time.Now()
	if err := h.applySQL(dbURL, gen.Tables(n, gen.Database)); err != nil {
		return err
	}
	h.res.Setup[n] = time.Since(start)
	h.logf("catalog N=%d: stage %s", n, stageInspect)
	m, _ := h.stage(stageJob{Stage: stageInspect, Runs: h.runs(n), DatabaseURL: dbURL, CPUProfile: h.profile(stageInspect, n)})
	h.res.Catalog[n] = m
	h.check(m, "catalog N=%d", n)
	return nil
}

// chain measures upgrade of a chain of n migrations, each on a fresh
// database, then heads, history and current over it with no go command on
// PATH.
func (h *harness) chain(n int) error {
	runs := h.runs(n)
	dir := filepath.Join(h.tmp, fmt.Sprintf("chain%d", n))
	defer os.RemoveAll(dir)
	mod, err := gen.Module(h.repo)
	if err != nil {
		return err
	}
	migs, err := gen.Chain(n)
	if err != nil {
		return err
	}
	for _, fs := range []gen.Files{mod, migs} {
		if err := fs.Write(dir); err != nil {
			return err
		}
	}
	var dbName, dbURL string
	defer func() { h.dropDB(dbName) }()
	h.logf("chain of %d: %s", n, cmdUpgrade)
	fresh := func() error {
		h.dropDB(dbName)
		dbName, dbURL, err = h.createDB(fmt.Sprintf("schemabench_chain_%d", n))
		return err
	}
	m, _ := h.measureCommand(runs, fresh, func() command { return h.schemagen(dir, dbURL, "upgrade") })
	h.res.chain(cmdUpgrade, n, m)
	h.check(m, "chain of %d: upgrade", n)
	if m.Err != "" {
		return nil
	}

	// No go command: PATH holds an empty folder.
	noGo := filepath.Join(h.tmp, "empty-path")
	if err := os.MkdirAll(noGo, 0o755); err != nil {
		return err
	}
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "PATH="+noGo)
	for _, name := range []string{cmdHeads, cmdHistory, cmdCurrent} {
		h.logf("chain of %d: %s", n, name)
		m, _ := h.measureCommand(h.cfg.runs, nil, func() command { return command{Dir: dir, Env: env, Args: []string{h.bin, name}} })
		h.res.chain(name, n, m)
		h.check(m, "chain of %d: %s", n, name)
	}
	out, err := h.must(command{Dir: dir, Env: env, Args: []string{h.bin, "current"}})
	if err != nil || !strings.Contains(out, "(head)") {
		h.fail("chain of %d: after upgrade, current says %q (%v), want the head", n, strings.TrimSpace(out), err)
	}
	return nil
}

// listDir returns the names in dir.
func listDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, nil
}

// removeExcept removes the entries of dir not in keep.
func removeExcept(dir string, keep []string) error {
	names, err := listDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range names {
		if !slices.Contains(keep, name) {
			errs = append(errs, os.RemoveAll(filepath.Join(dir, name)))
		}
	}
	return errors.Join(errs...)
}

// countIndented counts the lines of out indented by exactly two spaces:
// the changes that revision --autogenerate lists (their hazards are
// indented further).
func countIndented(out string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  ") && len(line) > 2 && line[2] != ' ' {
			n++
		}
	}
	return n
}
