// Command schemabench is schemagen's benchmark suite: `make bench` runs it,
// and it writes bench/RESULTS.md.
//
// It generates schemas of N tables (package bench/gen) as SQL, applied to a
// fresh database, and as Go models that differ from the database by one
// added column in 10% of the tables, one dropped index and one changed
// nullability. For each N it measures, after a warm-up, the median wall
// time and the peak RSS of:
//
//   - the stages, each in a child process of its own (the command
//     re-executed with -stage): parser.Load of the models,
//     catalog.Inspect of the database (and its number of queries),
//     canonicalization of the models in a scratch database, differ.Diff
//     and emitter.Emit;
//   - the built schemagen command in the generated module:
//     `revision --autogenerate` and `check` in the modes live, shadow and
//     offline (the build cache warm after the warm-up);
//   - when Debian's python3-alembic is installed, `alembic revision
//     --autogenerate` of the equivalent SQLAlchemy models against the same
//     database, and the ratio to schemagen.
//
// It also inspects a catalog of 10,000 tables, and measures `upgrade` of
// chains of 100 and 1,000 small migrations, and `heads`, `history` and
// `current` over them (run without a go command on PATH, which shows that
// they compile nothing). The runner measurements (-runner, or
// -only-runner alone) time what building the migrations' program costs:
// `upgrade` at head (no build) and of a fresh database (the build, warm),
// `check --offline` at 100 models with warm and with empty build caches
// (GOCACHE and SCHEMAGEN_CACHE fresh folders), the migrations read
// without compiling and, with SCHEMAGEN_COMPILE=1, compiled; its model
// loading alone (parser.Load in a stage child, warm, and with a fresh
// GOCACHE and type cache for each run); `upgrade --sql` with no go
// command on PATH; and the next `check --offline` and `upgrade` after a
// small migration is added next to a 1,000-table one. Peak RSS comes from wait4's rusage, which covers a
// process and the descendants it waited for.
//
// DATABASE_URL names the server (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); the
// databases the benchmark creates are dropped at the end, and its temporary
// folders removed.
//
// Usage:
//
//	go run ./bench/cmd/schemabench [-o bench/RESULTS.md] [-sizes 10,100,1000]
//	    [-catalog-sizes 10000] [-chains 100,1000] [-runs 5] [-large-runs 3]
//	    [-alembic=true] [-runner=true] [-only-runner] [-cold-runs 2] [-cpuprofile DIR]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/lib/pq" // the PostgreSQL driver

	"github.com/schemagen/schemagen/internal/dburl"
)

// stageFlag makes the command a stage child (see stageMain).
const stageFlag = "-stage"

// config is what the flags set.
type config struct {
	out          string
	sizes        []int
	catalogSizes []int
	chains       []int
	runs         int
	largeRuns    int
	largeN       int
	alembic      bool
	// runner includes the runner measurements; onlyRunner runs nothing
	// else; coldRuns counts the runs with empty build caches.
	runner, onlyRunner bool
	coldRuns           int
	profileDir         string
	serverURL          string
	commandLine        string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == execFlag {
		if err := execMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "schemabench:", err)
			os.Exit(127)
		}
		return
	}
	if len(os.Args) == 2 && os.Args[1] == stageFlag {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := stageMain(ctx, os.Stdin, os.Stdout)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "schemabench:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(benchMain())
}

// benchMain parses the flags, runs the benchmark, writes the results and
// returns the exit code: 0, 1 when a measurement failed (the results are
// written all the same), 2 for bad usage or a set-up failure.
func benchMain() int {
	var cfg config
	var sizes, catalogSizes, chains string
	fs := flag.NewFlagSet("schemabench", flag.ContinueOnError)
	fs.StringVar(&cfg.out, "o", "bench/RESULTS.md", "write the results to `FILE`")
	fs.StringVar(&sizes, "sizes", "10,100,1000", "table counts `N` of the full measurement")
	fs.StringVar(&catalogSizes, "catalog-sizes", "10000", "further table counts `N` for catalog introspection alone")
	fs.StringVar(&chains, "chains", "100,1000", "lengths `L` of the migration chains for upgrade, heads, history, current")
	fs.IntVar(&cfg.runs, "runs", 5, "measured runs after the warm-up")
	fs.IntVar(&cfg.largeRuns, "large-runs", 3, "measured runs at N (or L) of at least -large-n")
	fs.IntVar(&cfg.largeN, "large-n", 1000, "from this size on, -large-runs applies")
	fs.BoolVar(&cfg.alembic, "alembic", true, "compare with Alembic when Debian's python3-alembic is installed")
	fs.BoolVar(&cfg.runner, "runner", true, "measure the migrations runner: upgrade's build, check --offline with empty build caches, the next verb after a small migration next to a 1000-table one")
	fs.BoolVar(&cfg.onlyRunner, "only-runner", false, "measure the migrations runner and nothing else (see -runner)")
	fs.IntVar(&cfg.coldRuns, "cold-runs", 2, "runs of check --offline with empty build caches")
	fs.StringVar(&cfg.profileDir, "cpuprofile", "", "write a CPU profile of each stage's timed runs to `DIR`/STAGE-N.pprof")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	var err error
	for _, f := range []struct {
		s   string
		dst *[]int
	}{{sizes, &cfg.sizes}, {catalogSizes, &cfg.catalogSizes}, {chains, &cfg.chains}} {
		if *f.dst, err = parseSizes(f.s); err != nil {
			fmt.Fprintln(os.Stderr, "schemabench:", err)
			return 2
		}
	}
	if cfg.runs < 1 || cfg.largeRuns < 1 || cfg.coldRuns < 1 {
		fmt.Fprintln(os.Stderr, "schemabench: -runs, -large-runs and -cold-runs must be at least 1")
		return 2
	}
	if cfg.onlyRunner {
		cfg.runner, cfg.sizes, cfg.catalogSizes, cfg.chains, cfg.alembic = true, nil, nil, nil, false
	}
	cfg.serverURL = os.Getenv("DATABASE_URL")
	if cfg.serverURL == "" {
		cfg.serverURL = dburl.Default
	}
	cfg.commandLine = "go run ./bench/cmd/schemabench " + strings.Join(os.Args[1:], " ")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h, err := newHarness(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemabench:", err)
		return 2
	}
	h.run()
	h.close()
	h.res.Elapsed = time.Since(h.res.Started)
	if err := writeReport(cfg.out, h.res); err != nil {
		fmt.Fprintln(os.Stderr, "schemabench:", err)
		return 2
	}
	h.logf("wrote %s (%s in all)", cfg.out, h.res.Elapsed.Round(time.Second))
	if len(h.res.Errors) > 0 {
		for _, e := range h.res.Errors {
			fmt.Fprintln(os.Stderr, "schemabench: error:", e)
		}
		return 1
	}
	return 0
}

// parseSizes parses a comma-separated list of positive integers.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad size %q: want a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}
