//go:build linux

package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/internal/pgtest"
)

// hugeMaxRSS is the most memory that any command of TestHugeSchema may
// take, the go command and the compiler it runs included (issue 13:
// the migrations of 5,000 tables compile in under 1 GB).
const hugeMaxRSS = 1 << 30

// TestHugeSchema is the long test of huge schemas, skipped unless
// SCHEMAGEN_HUGE names a number of tables:
//
//	SCHEMAGEN_HUGE=5000 go test ./internal/cli -run TestHugeSchema -v -timeout 30m
//
// It builds schemagen and takes a module of that many benchmark tables
// (bench/gen) through `revision --autogenerate` on an empty database,
// `upgrade`, `check` and `downgrade base`, each command a process of
// its own on the server of DATABASE_URL (as configured: the point is
// that a default max_locks_per_transaction suffices). It logs, per
// command, the wall time, the time of the migrations runner's build that
// SCHEMAGEN_TIMINGS=1 reports, and the peak memory of the command and
// of the processes it waited for (the go command and the compiler), and
// fails when a command fails or takes more than [hugeMaxRSS]. Times are
// logged, not asserted. SCHEMAGEN_HUGE_MAX_CHANGES, when set, is passed
// to the revision as --max-changes (0 reproduces the one huge migration
// of before).
func TestHugeSchema(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("SCHEMAGEN_HUGE"))
	if err != nil || n < 1 {
		t.Skip("a long test: set SCHEMAGEN_HUGE to a number of tables (5000 for issue 13's figures)")
	}
	_, dbURL := pgtest.DB(t)
	root := repoRoot(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "schemagen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/schemagen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build schemagen: %v\n%s", err, out)
	}
	mod := filepath.Join(dir, "app")
	files, err := gen.Module(root)
	if err != nil {
		t.Fatal(err)
	}
	models, err := gen.GoModels(gen.Tables(n, gen.Database))
	if err != nil {
		t.Fatal(err)
	}
	for _, fs := range []gen.Files{files, models} {
		if err := fs.Write(mod); err != nil {
			t.Fatal(err)
		}
	}
	revision := []string{"revision", "--autogenerate", "-m", fmt.Sprintf("create %d tables", n)}
	if mc, ok := os.LookupEnv("SCHEMAGEN_HUGE_MAX_CHANGES"); ok {
		revision = append(revision, "--max-changes", mc)
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%d tables\n%-28s %10s %10s %10s\n", n, "command", "wall s", "build s", "peak MB")
	for _, args := range [][]string{{"init"}, revision, {"upgrade"}, {"check"}, {"downgrade", "base"}} {
		r := runMeasured(t, bin, mod, dbURL, args...)
		name := strings.Join(args, " ")
		if args[0] == "revision" {
			name = "revision --autogenerate"
		}
		build := "-"
		if r.build > 0 {
			build = fmt.Sprintf("%.1f", r.build.Seconds())
		}
		fmt.Fprintf(&report, "%-28s %10.1f %10s %10d\n", name, r.wall.Seconds(), build, r.maxRSS>>20)
		if args[0] == "revision" {
			migs, _ := filepath.Glob(filepath.Join(mod, "migrations", "2*.go"))
			fmt.Fprintf(&report, "  (%d migration files)\n", len(migs))
		}
		if r.err != nil {
			t.Log(report.String())
			t.Fatalf("schemagen %s: %v\n%s", strings.Join(args, " "), r.err, tailLines(r.output, 40))
		}
		if r.maxRSS > hugeMaxRSS {
			t.Errorf("schemagen %s: peak memory %d MB, want under %d MB", strings.Join(args, " "), r.maxRSS>>20, hugeMaxRSS>>20)
		}
	}
	t.Log(report.String())
	assertOnlyVersionTable(t, dbURL)
}

// measured is what runMeasured measured of one command.
type measured struct {
	wall, build time.Duration
	maxRSS      int64 // bytes
	output      string
	err         error
}

// buildTimingRE reads the runner's build time that SCHEMAGEN_TIMINGS=1
// prints.
var buildTimingRE = regexp.MustCompile(`schemagen: timing: build the \w+ runner: ([0-9.]+)s`)

// runMeasured runs the schemagen binary bin in dir with args against
// dbURL and measures it: the peak resident memory is the largest of the
// process and of the descendants it waited for, as wait4 reports it.
func runMeasured(t *testing.T, bin, dir, dbURL string, args ...string) measured {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "SCHEMAGEN_TIMINGS=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := measured{wall: time.Since(start), output: out.String(), err: err}
	if cmd.ProcessState == nil {
		return r
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss << 10 // KB on Linux
	}
	for _, m := range buildTimingRE.FindAllStringSubmatch(r.output, -1) {
		s, _ := strconv.ParseFloat(m[1], 64)
		r.build += time.Duration(s * float64(time.Second))
	}
	return r
}

// tailLines returns the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
