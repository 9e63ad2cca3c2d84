package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// measurement is one row cell: the wall times and the largest peak RSS of
// the measured runs (the warm-up excluded), and what the runs reported.
type measurement struct {
	// Seconds are the wall times of the measured runs.
	Seconds []float64
	// PeakKB is the largest maximum resident set size of the runs, in KiB
	// (Linux reports ru_maxrss in KiB); 0 when unknown.
	PeakKB int64
	// Queries is the number of statements one run sent, -1 when not
	// counted.
	Queries int
	// Err says why the measurement failed; empty when it did not.
	Err string
}

// median returns the median wall time in seconds, NaN without runs.
func (m *measurement) median() float64 {
	if m == nil || len(m.Seconds) == 0 {
		return math.NaN()
	}
	s := slices.Clone(m.Seconds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ok reports whether the measurement has runs and no error.
func (m *measurement) ok() bool { return m != nil && m.Err == "" && len(m.Seconds) > 0 }

// peakMB returns the peak RSS in MiB.
func (m *measurement) peakMB() float64 { return float64(m.PeakKB) / 1024 }

// run is the outcome of one run of a measured piece of work.
type run struct {
	wall   time.Duration
	peakKB int64
	// queries is the number of statements sent, -1 when not counted.
	queries int
}

// repeat runs work warmups+runs times and returns the measurement of the
// last runs. before, when set, runs untimed before each run (to reset the
// state the previous run left). The first error stops it and is kept in
// the measurement.
func repeat(warmups, runs int, before func() error, work func() (run, error)) *measurement {
	m := &measurement{Queries: -1}
	for i := range warmups + runs {
		if before != nil {
			if err := before(); err != nil {
				m.Err = err.Error()
				return m
			}
		}
		r, err := work()
		if err != nil {
			m.Err = err.Error()
			return m
		}
		if i >= warmups {
			m.PeakKB = max(m.PeakKB, r.peakKB)
			m.Seconds = append(m.Seconds, r.wall.Seconds())
			m.Queries = r.queries
		}
	}
	return m
}

// command is a program to run and measure.
type command struct {
	// Dir is the working directory.
	Dir string
	// Env is the whole environment.
	Env []string
	// Args are the program and its arguments.
	Args []string
	// Stdin feeds the program; nil for none.
	Stdin []byte
	// Exits lists the exit codes that count as success; nil means 0.
	Exits []int
}

// output is what a finished command gave.
type output struct {
	run
	stdout, stderr string
	exit           int
}

// execFlag makes the command a measuring wrapper (see execMain).
const execFlag = "-exec"

// execReport is what the measuring wrapper writes about the command it ran.
type execReport struct {
	Wall   time.Duration
	PeakKB int64
	Exit   int
}

// execute runs c once through the measuring wrapper (self -exec) and
// returns its output, wall time and peak RSS.
//
// Why a wrapper: Go starts a child with clone(CLONE_VM|CLONE_VFORK), and
// Linux folds the RSS high-water mark of the memory the child shared
// until exec (the parent's) into the child's ru_maxrss. Started from the
// harness, every child would report at least the harness's own peak; the
// wrapper is a fresh, small process, so the floor it adds is its own few
// MB.
func execute(ctx context.Context, self string, c command) (output, error) {
	rep, err := os.CreateTemp("", "schemabench-exec-*.json")
	if err != nil {
		return output{}, fmt.Errorf("make the wrapper's report file: %w", err)
	}
	rep.Close()
	defer os.Remove(rep.Name())
	cmd := exec.CommandContext(ctx, self, append([]string{execFlag, rep.Name(), "--"}, c.Args...)...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if c.Stdin != nil {
		cmd.Stdin = bytes.NewReader(c.Stdin)
	}
	err = cmd.Run()
	out := output{run: run{queries: -1}, stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		return out, fmt.Errorf("run %s: %w\n%s", strings.Join(c.Args, " "), err, tail(out.stderr))
	}
	src, err := os.ReadFile(rep.Name())
	if err != nil {
		return out, fmt.Errorf("read the wrapper's report: %w", err)
	}
	var r execReport
	if err := json.Unmarshal(src, &r); err != nil {
		return out, fmt.Errorf("read the wrapper's report: %w", err)
	}
	out.wall, out.peakKB, out.exit = r.Wall, r.PeakKB, r.Exit
	exits := c.Exits
	if exits == nil {
		exits = []int{0}
	}
	if !slices.Contains(exits, out.exit) {
		return out, fmt.Errorf("%s (in %s): exit %d, want %v\n%s%s", strings.Join(c.Args, " "), c.Dir, out.exit, exits, tail(out.stdout), tail(out.stderr))
	}
	return out, nil
}

// execMain is the measuring wrapper: args are REPORT -- PROGRAM ARGS...
// It runs the program with its own stdin, stdout, stderr, working folder
// and environment, times it from start to exit, and writes an execReport
// with the program's ru_maxrss (KiB on Linux, covering the descendants it
// waited for) to REPORT. It exits 0 when the program ran, whatever its
// exit code.
func execMain(args []string) error {
	if len(args) < 3 || args[1] != "--" {
		return fmt.Errorf("usage: %s REPORT -- PROGRAM [ARGS...]", execFlag)
	}
	cmd := exec.Command(args[2], args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	start := time.Now()
	err := cmd.Run()
	r := execReport{Wall: time.Since(start)}
	if cmd.ProcessState == nil {
		return fmt.Errorf("run %s: %w", args[2], err)
	}
	r.Exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakKB = ru.Maxrss
	}
	src, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return os.WriteFile(args[0], src, 0o644)
}

// tail returns the last lines of s, for error messages.
func tail(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 15 {
		lines = append([]string{"…"}, lines[len(lines)-15:]...)
	}
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// sig3 formats x with 3 significant digits, without an exponent for the
// magnitudes a benchmark sees.
func sig3(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case x == 0:
		return "0"
	}
	digits := 2 - int(math.Floor(math.Log10(math.Abs(x))))
	if digits < 0 {
		p := math.Pow(10, float64(-digits))
		return fmt.Sprintf("%.0f", math.Round(x/p)*p)
	}
	return fmt.Sprintf("%.*f", digits, x)
}
