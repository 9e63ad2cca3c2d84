package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/emitter"
)

// The runner measurements: what building the migrations' program costs
// the verbs that need it. Rows of results.Runner.
const (
	// upgrade on a database at head: it builds nothing.
	runUpgradeAtHead = "upgrade-at-head"
	// upgrade of a fresh database with the migrations unchanged since the
	// last run: the whole command, and the build alone (warm caches).
	runUpgradeFresh      = "upgrade-fresh"
	runUpgradeFreshBuild = "upgrade-fresh-build"
	// check --offline at runnerModels models, warm and with empty caches;
	// the migrations read without compiling (the generated file is
	// static), and compiled (SCHEMAGEN_COMPILE=1, what a module pays whose
	// migrations hold a file that needs the compiler).
	runCheckOfflineWarm         = "check-offline-warm"
	runCheckOfflineCold         = "check-offline-cold"
	runCheckOfflineColdCompiled = "check-offline-cold-compiled"
	// The reading without compiling alone, as check --offline reports it
	// with SCHEMAGEN_TIMINGS=1.
	runStaticRead = "static-read"
	// upgrade --sql with no go command on PATH: the script from the
	// migrations read without compiling, in the CLI's process.
	runUpgradeSQLNoGo = "upgrade-sql-nogo"
	// Its model loading alone (parser.Load), warm and with an empty go
	// build cache and type cache.
	runLoadWarm = "load-warm"
	runLoadCold = "load-cold"
	// The next verb after adding a small migration next to a migration of
	// runnerBigTables tables.
	runNextCheckOffline = "next-check-offline"
	runNextUpgrade      = "next-upgrade"
)

// Sizes of the runner measurements.
const (
	runnerModels    = 100
	runnerBigTables = 1000
)

// timingRE reads the build time that schemagen prints with
// SCHEMAGEN_TIMINGS=1; staticRE the time of the reading without
// compiling.
var (
	timingRE = regexp.MustCompile(`schemagen: timing: build the \w+ runner: ([0-9.]+)s`)
	staticRE = regexp.MustCompile(`schemagen: timing: read the migrations without compiling: ([0-9.]+)s`)
)

// runner measures the migrations runner: the modules are generated as for
// the sizes (the database's models and one migration creating them).
func (h *harness) runner() error {
	if err := h.runnerSmall(); err != nil {
		return fmt.Errorf("%d models: %w", runnerModels, err)
	}
	if err := h.runnerBig(); err != nil {
		return fmt.Errorf("next to a %d-table migration: %w", runnerBigTables, err)
	}
	return nil
}

// runnerModule writes a module of n models whose one migration creates
// them, on a fresh database stamped at that migration unless stamp is
// false; it returns the module folder and the database URL.
func (h *harness) runnerModule(name string, n int, stamp bool) (dir, dbName, dbURL string, err error) {
	dbName, dbURL, err = h.createDB("schemabench_" + name)
	if err != nil {
		return "", "", "", err
	}
	dir = filepath.Join(h.tmp, name, "app")
	if err := h.writeModule(dir, gen.Database, n); err != nil {
		return "", dbName, "", err
	}
	steps := [][]string{{"init"}, {"revision", "--autogenerate", "--offline", "-m", "initial"}}
	if stamp {
		steps = append(steps, []string{"stamp", "head"})
	}
	for _, args := range steps {
		if _, err := h.must(h.schemagen(dir, dbURL, args...)); err != nil {
			return "", dbName, "", err
		}
	}
	return dir, dbName, dbURL, nil
}

// runnerSmall measures upgrade and check --offline on runnerModels models.
func (h *harness) runnerSmall() error {
	n := runnerModels
	dir, dbName, dbURL, err := h.runnerModule(fmt.Sprintf("runner%d", n), n, false)
	defer h.dropDB(dbName)
	defer os.RemoveAll(filepath.Dir(dir))
	if err != nil {
		return err
	}
	runs := h.cfg.runs

	// upgrade of a fresh database each run: the migrations do not change,
	// so after the warm-up the build finds everything done.
	h.logf("runner: upgrade of a fresh database, %d models", n)
	fresh := func() error {
		h.dropDB(dbName)
		dbName, dbURL, err = h.createDB(fmt.Sprintf("schemabench_runner%d", n))
		return err
	}
	var build measurement
	m := repeat(1, runs, fresh, func() (run, error) {
		c := h.schemagen(dir, dbURL, "upgrade")
		c.Env = append(c.Env, "SCHEMAGEN_TIMINGS=1")
		out, err := execute(h.ctx, h.self, c)
		if err != nil {
			return out.run, err
		}
		t := timingRE.FindStringSubmatch(out.stderr)
		if t == nil {
			return out.run, fmt.Errorf("upgrade printed no build time:\n%s", tail(out.stderr))
		}
		s, _ := strconv.ParseFloat(t[1], 64)
		build.Seconds = append(build.Seconds, s)
		return out.run, nil
	})
	build.Seconds = build.Seconds[min(1, len(build.Seconds)):] // the warm-up's
	build.Queries, build.Err = -1, m.Err
	h.res.runner(runUpgradeFresh, m)
	h.res.runner(runUpgradeFreshBuild, &build)

	h.logf("runner: upgrade at head, %d models", n)
	m, _ = h.measureCommand(runs, nil, func() command { return h.schemagen(dir, dbURL, "upgrade") })
	h.res.runner(runUpgradeAtHead, m)

	h.logf("runner: check --offline, %d models, warm caches", n)
	var static measurement
	m = repeat(1, runs, nil, func() (run, error) {
		c := h.schemagen(dir, dbURL, "check", "--offline")
		c.Env = append(c.Env, "SCHEMAGEN_TIMINGS=1")
		out, err := execute(h.ctx, h.self, c)
		if err != nil {
			return out.run, err
		}
		t := staticRE.FindStringSubmatch(out.stderr)
		if t == nil {
			return out.run, fmt.Errorf("check --offline read no migrations without compiling:\n%s", tail(out.stderr))
		}
		s, _ := strconv.ParseFloat(t[1], 64)
		static.Seconds = append(static.Seconds, s)
		return out.run, nil
	})
	static.Seconds = static.Seconds[min(1, len(static.Seconds)):] // the warm-up's
	static.Queries, static.Err = -1, m.Err
	h.res.runner(runCheckOfflineWarm, m)
	h.res.runner(runStaticRead, &static)

	h.logf("runner: upgrade --sql, %d models, no go command on PATH", n)
	noGo := filepath.Join(h.tmp, "empty-path")
	if err := os.MkdirAll(noGo, 0o755); err != nil {
		return err
	}
	m, _ = h.measureCommand(runs, nil, func() command {
		c := h.schemagen(dir, dbURL, "upgrade", "--sql")
		c.Env = append(c.Env, "PATH="+noGo)
		return c
	})
	h.res.runner(runUpgradeSQLNoGo, m)

	// Empty caches, as on a fresh CI runner: the go build cache and
	// schemagen's runner folder (the module cache stays).
	var caches []string
	defer func() {
		for _, c := range caches {
			os.RemoveAll(c)
		}
	}()
	for _, c := range []struct {
		row string
		env []string
	}{{runCheckOfflineCold, nil}, {runCheckOfflineColdCompiled, []string{"SCHEMAGEN_COMPILE=1"}}} {
		h.logf("runner: check --offline, %d models, empty build caches (%d runs) %s", n, h.cfg.coldRuns, strings.Join(c.env, " "))
		h.res.runner(c.row, h.coldCheck(dir, dbURL, &caches, c.env))
	}

	// The model loading of check --offline, in a stage child.
	h.logf("runner: parser.Load, %d models, warm caches", n)
	m, _ = h.stage(stageJob{Stage: stageLoad, Dir: dir, Runs: runs})
	h.res.runner(runLoadWarm, m)
	h.logf("runner: parser.Load, %d models, empty build cache and type cache (%d runs)", n, h.cfg.coldRuns)
	m, _ = h.stage(stageJob{Stage: stageLoadCold, Dir: dir, Runs: h.cfg.coldRuns})
	h.res.runner(runLoadCold, m)
	return nil
}

// coldCheck measures check --offline in dir with empty build caches (new
// folders, added to caches) and the environment env.
func (h *harness) coldCheck(dir, dbURL string, caches *[]string, env []string) *measurement {
	return repeat(0, h.cfg.coldRuns, nil, func() (run, error) {
		gocache, err := os.MkdirTemp(h.tmp, "gocache-")
		if err != nil {
			return run{}, err
		}
		sgcache, err := os.MkdirTemp(h.tmp, "sgcache-")
		if err != nil {
			return run{}, err
		}
		*caches = append(*caches, gocache, sgcache)
		c := h.schemagen(dir, dbURL, "check", "--offline")
		c.Env = append(c.Env, "GOCACHE="+gocache, "SCHEMAGEN_CACHE="+sgcache)
		c.Env = append(c.Env, env...)
		out, err := execute(h.ctx, h.self, c)
		removeGoCache(gocache)
		return out.run, err
	})
}

// runnerBig measures the next check --offline and upgrade after a small
// migration is added to a module whose first migration creates
// runnerBigTables tables: each run adds a new one, never compiled before.
func (h *harness) runnerBig() error {
	n := runnerBigTables
	dir, dbName, dbURL, err := h.runnerModule(fmt.Sprintf("runnerbig%d", n), n, true)
	defer h.dropDB(dbName)
	defer os.RemoveAll(filepath.Dir(dir))
	if err != nil {
		return err
	}
	migrations := filepath.Join(dir, "migrations")
	baseline, err := listDir(migrations)
	if err != nil {
		return err
	}
	initial, err := h.must(h.schemagen(dir, dbURL, "heads"))
	if err != nil {
		return err
	}
	head := initial[:14]
	k := 0
	// addSmall replaces the added migration of the last run by a new one
	// (a new revision and table: a file the build cache has not seen),
	// and puts the database back at the big migration.
	addSmall := func() error {
		if err := removeExcept(migrations, baseline); err != nil {
			return err
		}
		if _, err := h.must(h.schemagen(dir, dbURL, "stamp", head)); err != nil {
			return err
		}
		k++
		rev := time.Date(2099, 1, 1, 0, 0, k, 0, time.UTC).Format("20060102150405")
		step := []change.Change{change.Execute{SQL: fmt.Sprintf("SELECT %d", k), Declared: true}}
		files, err := emitter.Emit(emitter.Migration{Package: "migrations", Revision: rev, DownRevision: []string{head},
			Message: fmt.Sprintf("small %d", k), Upgrade: step, Downgrade: step})
		if err != nil {
			return err
		}
		return gen.Files(files).Write(migrations)
	}
	runs := h.runs(n)
	for _, c := range []struct {
		row  string
		args []string
	}{
		{runNextCheckOffline, []string{"check", "--offline"}},
		{runNextUpgrade, []string{"upgrade"}},
	} {
		h.logf("runner: %s after adding a small migration next to a %d-table one (the warm-up compiles the big one)", c.args[0], n)
		m, _ := h.measureCommand(runs, addSmall, func() command { return h.schemagen(dir, dbURL, c.args...) })
		h.res.runner(c.row, m)
	}
	return nil
}
