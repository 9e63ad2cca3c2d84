package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// The in-process stages. Each runs in a child process of its own (the
// harness re-executed with -stage), so that its peak RSS is its own.
const (
	stageInputs       = "inputs"       // not measured: writes the other stages' inputs
	stageLoad         = "load"         // parser.Load of the models
	stageLoadCold     = "load-cold"    // parser.Load with an empty go build cache and type cache each run
	stageInspect      = "inspect"      // catalog.Inspect of the database
	stageCanonicalize = "canonicalize" // shadow.Canonicalize of the models and differ.Respell
	stageDiff         = "diff"         // differ.Diff of the database (respelled) and the models
	stageEmit         = "emit"         // emitter.Emit of the diff and its reverse
)

// stageJob is what the parent sends a stage child on stdin.
type stageJob struct {
	Stage string
	// Warmups and Runs count the untimed and the timed runs.
	Warmups, Runs int
	// Dir is the module root whose ./models load loads.
	Dir string
	// DatabaseURL is the database inspect reads.
	DatabaseURL string
	// ServerURL is the server canonicalize makes its scratch database on.
	ServerURL string
	// Model, Live and Respelled are JSON files of schemas: the models, the
	// database, and the database respelled after the canonical models.
	Model, Live, Respelled string
	// CPUProfile, when set, is the file to write a CPU profile of the
	// timed runs to.
	CPUProfile string `json:",omitempty"`
}

// stageResult is what a stage child prints on stdout.
type stageResult struct {
	Seconds []float64
	// Queries is the number of queries of one inspect run, -1 otherwise.
	Queries int
	// Changes counts the changes by type that the inputs stage found
	// between the database and the models.
	Changes map[string]int `json:",omitempty"`
}

// stageMain runs the job read from stdin and prints a stageResult.
func stageMain(ctx context.Context, stdin io.Reader, stdout io.Writer) error {
	var job stageJob
	if err := json.NewDecoder(stdin).Decode(&job); err != nil {
		return fmt.Errorf("read the stage job: %w", err)
	}
	res, err := runStage(ctx, job)
	if err != nil {
		return fmt.Errorf("stage %s: %w", job.Stage, err)
	}
	return json.NewEncoder(stdout).Encode(res)
}

// countingQuerier counts the queries sent through it.
type countingQuerier struct {
	q catalog.Querier
	n int
}

// QueryContext counts the query and passes it on.
func (c *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.q.QueryContext(ctx, query, args...)
}

// runStage runs one stage Warmups+Runs times, timing the last Runs.
func runStage(ctx context.Context, job stageJob) (stageResult, error) {
	res := stageResult{Queries: -1}
	var once func() error
	// prepare, when set, runs before each run, untimed, and its cleanup
	// after.
	var prepare func() (cleanup func(), err error)
	switch job.Stage {
	case stageInputs:
		changes, err := writeInputs(ctx, job)
		res.Changes = changes
		return res, err
	case stageLoad:
		once = func() error {
			_, err := parser.Load(ctx, parser.Config{Dir: job.Dir}, "./models")
			return err
		}
	case stageLoadCold:
		var cfg parser.Config
		prepare = func() (func(), error) {
			gocache, err := os.MkdirTemp("", "schemabench-gocache-")
			if err != nil {
				return nil, err
			}
			types, err := os.MkdirTemp("", "schemabench-types-")
			if err != nil {
				os.RemoveAll(gocache)
				return nil, err
			}
			cfg = parser.Config{Dir: job.Dir, Env: []string{"GOCACHE=" + gocache}, CacheDir: types}
			return func() { removeGoCache(gocache); os.RemoveAll(types) }, nil
		}
		once = func() error {
			_, err := parser.Load(ctx, cfg, "./models")
			return err
		}
	case stageInspect:
		db, err := sql.Open("postgres", job.DatabaseURL)
		if err != nil {
			return res, err
		}
		defer db.Close()
		counter := &countingQuerier{q: db}
		once = func() error {
			counter.n = 0
			_, err := catalog.Inspect(ctx, counter, catalog.Options{Exclude: bookkeeping()})
			res.Queries = counter.n
			return err
		}
	case stageCanonicalize:
		model, live, err := readSchemas(job.Model, job.Live)
		if err != nil {
			return res, err
		}
		once = func() error {
			canon, err := shadow.Canonicalize(ctx, job.ServerURL, model)
			if err != nil {
				return err
			}
			differ.Respell(live, canon, model)
			return nil
		}
	case stageDiff, stageEmit:
		model, from, err := readSchemas(job.Model, job.Respelled)
		if err != nil {
			return res, err
		}
		once = func() error {
			_, err := differ.Diff(from, model)
			return err
		}
		if job.Stage == stageEmit {
			up, err := differ.Diff(from, model)
			if err != nil {
				return res, err
			}
			down, ok := change.ReverseAll(up)
			if !ok {
				return res, errors.New("the changes have no reverse")
			}
			m := emitter.Migration{Package: "migrations", Revision: "20260101000000", Message: "bench", Upgrade: up, Downgrade: down}
			once = func() error {
				_, err := emitter.Emit(m)
				return err
			}
		}
	default:
		return res, fmt.Errorf("unknown stage %q", job.Stage)
	}
	for i := range job.Warmups + job.Runs {
		runtime.GC()
		if i == job.Warmups && job.CPUProfile != "" {
			f, err := os.Create(job.CPUProfile)
			if err != nil {
				return res, fmt.Errorf("create the CPU profile: %w", err)
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return res, fmt.Errorf("start the CPU profile: %w", err)
			}
			defer pprof.StopCPUProfile()
		}
		cleanup := func() {}
		if prepare != nil {
			var err error
			if cleanup, err = prepare(); err != nil {
				return res, err
			}
		}
		start := time.Now()
		err := once()
		elapsed := time.Since(start)
		cleanup()
		if err != nil {
			return res, err
		}
		if i >= job.Warmups {
			res.Seconds = append(res.Seconds, elapsed.Seconds())
		}
	}
	return res, nil
}

// removeGoCache removes a go build cache folder, whose files the go
// command makes read-only.
func removeGoCache(dir string) {
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o755)
		}
		return nil
	})
	os.RemoveAll(dir)
}

// writeInputs loads the models, inspects the database and canonicalizes
// the models, writes the schemas for the stages that need them (Model,
// Live, Respelled), and counts the changes of the diff by type.
func writeInputs(ctx context.Context, job stageJob) (map[string]int, error) {
	model, err := parser.Load(ctx, parser.Config{Dir: job.Dir}, "./models")
	if err != nil {
		return nil, fmt.Errorf("load the models: %w", err)
	}
	db, err := sql.Open("postgres", job.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	live, err := catalog.Inspect(ctx, db, catalog.Options{Exclude: bookkeeping()})
	if err != nil {
		return nil, fmt.Errorf("inspect the database: %w", err)
	}
	canon, err := shadow.Canonicalize(ctx, job.ServerURL, model)
	if err != nil {
		return nil, fmt.Errorf("canonicalize the models: %w", err)
	}
	respelled := differ.Respell(live, canon, model)
	changes, err := differ.Diff(respelled, model)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	counts := map[string]int{}
	for _, c := range changes {
		counts[reflect.TypeOf(c).Name()]++
	}
	for path, s := range map[string]*schema.Schema{job.Model: model, job.Live: live, job.Respelled: respelled} {
		if err := writeSchema(path, s); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// readSchemas reads two schemas from JSON files.
func readSchemas(a, b string) (*schema.Schema, *schema.Schema, error) {
	var out [2]*schema.Schema
	for i, path := range []string{a, b} {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("read schema: %w", err)
		}
		var s schema.Schema
		if err := json.Unmarshal(src, &s); err != nil {
			return nil, nil, fmt.Errorf("read schema %s: %w", path, err)
		}
		out[i] = s.Canonical() // a file may leave out the public schema
	}
	return out[0], out[1], nil
}

// writeSchema writes s as JSON to path.
func writeSchema(path string, s *schema.Schema) error {
	src, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode schema: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

// bookkeeping returns the tables schemagen keeps next to the models' in
// a migrated database (as the CLI's project.bookkeepingTables does): the
// version table, its progress table and its fingerprint table.
func bookkeeping() []schema.QualifiedName {
	vt := migrate.DefaultVersionTable()
	return []schema.QualifiedName{vt, migrate.ProgressTable(vt), migrate.FingerprintTable(vt)}
}
