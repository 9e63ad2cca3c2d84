// Package cli implements the schemagen command. [Do] runs one command
// line in-process and returns its exit code, so the command is testable
// without building it.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/sigctx"
	"github.com/schemagen/schemagen/parser"
)

// Exit codes, the contract for scripts and CI.
const (
	// ExitOK: the command did what was asked; check found no drift.
	ExitOK = 0
	// ExitDrift: check found a difference, or a check failed.
	ExitDrift = 1
	// ExitError: bad input, bad usage, or an error.
	ExitError = 2
	// ExitNotManaged: check or diff found differences only in objects of
	// kinds that schemagen does not manage ("not managed: ..."), which it
	// reports and never plans.
	ExitNotManaged = 3
)

// App is one schemagen invocation's environment. The zero value is not
// usable; [Do] builds the real one.
type App struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment (DATABASE_URL).
	Getenv func(string) string
	// Now is the clock that revision IDs come from.
	Now func() time.Time
	// Dir is the working directory the project is found from.
	Dir string
	// conns are the connection strings of the run, set by Run.
	conns *connStrings
	// targetSaid is set once the run said which database it acts on
	// (see [App.sayTarget]).
	targetSaid bool
}

// Do runs the command line args (without the program name) and returns
// the exit code.
func Do(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "schemagen:", err)
		return ExitError
	}
	ctx, stop := cancelOnSignal(context.Background(), stderr, os.Exit)
	defer stop()
	a := &App{Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Now: time.Now, Dir: wd}
	return a.Run(ctx, args)
}

// ExitInterrupted is the exit code of a run abandoned by a second signal:
// 128+SIGINT, what shells report for a program that Ctrl-C killed, so that
// a script can tell "abandoned at once" from an error (a first signal ends
// the run cleanly, with [ExitError]).
const ExitInterrupted = sigctx.ExitInterrupted

// cancelOnSignal returns a context that SIGINT (Ctrl-C) or SIGTERM (kill,
// docker stop, systemd) cancels: the run stops at its next check, the
// runner child gets the signal and rolls back (see [runner.run]), and
// temporary folders and scratch databases are removed by the deferred
// clean-ups. A second signal calls exit(ExitInterrupted) at once. stop
// releases the signals.
func cancelOnSignal(parent context.Context, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	return sigctx.Cancel(parent, stderr, "stopping (signal again to quit at once)", exit)
}

// exitError carries an exit code other than ExitError.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// usageErr reports bad usage (exit 2) with the command's usage line.
func usageErr(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// globalFlags are accepted by every command, before or after the verb.
type globalFlags struct {
	dir         string
	models      multiFlag
	migrations  string
	databaseURL string
	devURL      string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.dir, "C", "", "run as if started in `DIR`")
	fs.Var(&g.models, "models", "Go package `PATTERN` holding models (repeatable)")
	fs.StringVar(&g.migrations, "migrations", "", "migrations `DIR` (default: migrations at the module root)")
	fs.StringVar(&g.databaseURL, "database-url", "", "database `URL` (default: $DATABASE_URL, then schemagen.toml)")
	fs.StringVar(&g.devURL, "dev-url", "", "dev database `URL` where models are canonicalized and scratch databases made, so that the target is only read (default: $SCHEMAGEN_DEV_URL, then dev_url in schemagen.toml)")
}

// command is one verb.
type command struct {
	name, args, summary string
	// flags registers the verb's own flags; run gets the positional args.
	flags func(fs *flag.FlagSet) func(ctx context.Context, a *App, p *project, args []string) error
	// noProject marks a verb that runs without a module.
	noProject bool
}

func (a *App) commands() []command {
	return []command{
		{name: "init", summary: "create the migrations folder and schemagen.toml", flags: cmdInit},
		{name: "revision", args: "[-m MSG] [--autogenerate]", summary: "write a new migration, from the model changes with --autogenerate", flags: cmdRevision},
		{name: "upgrade", args: "[TARGET]", summary: "apply migrations up to TARGET (default head)", flags: cmdUpgrade},
		{name: "downgrade", args: "TARGET", summary: "undo migrations down to TARGET (base, REV, -N, HEAD@-N)", flags: cmdDowngrade},
		{name: "history", args: "[-v]", summary: "show the revisions as a graph, newest first", flags: cmdHistory},
		{name: "heads", summary: "show the revisions nothing descends from", flags: cmdHeads},
		{name: "current", summary: "show the database's revision", flags: cmdCurrent},
		{name: "stamp", args: "REV...", summary: "set the database's revision without running migrations", flags: cmdStamp},
		{name: "merge", args: "[-m MSG] heads", summary: "write a migration that joins every head", flags: cmdMerge},
		{name: "check", summary: "exit 1 when the models and the database differ", flags: cmdCheck},
		{name: "diff", args: "--from SRC --to SRC [--format sql|go]", summary: "print the changes from one source to another; exit 1 when they differ", flags: cmdDiff, noProject: true},
		{name: "prune", args: "[--older-than DURATION] [--dry-run] [--yes]", summary: "drop the data that reversible drops archived (lists it; drops it with --yes)", flags: cmdPrune},
		{name: "import", args: "[--out DIR] [--no-stamp]", summary: "adopt an existing database: write its models, a baseline migration, and stamp it (reads the database; writes only its version table)", flags: cmdImport},
		{name: "build", args: "-o FILE", summary: "write the migrations as a program with upgrade, downgrade, current, stamp, history and --sql, for deploys without Go", flags: cmdBuild},
	}
}

// Run runs one command line and returns the exit code. Everything it
// writes passes through [dburl.Scrub] for every connection string of the
// run (from flags, the environment and schemagen.toml), so that no
// password reaches the output, whoever wrote the text: schemagen, the
// driver or the built migrations.
func (a *App) Run(ctx context.Context, args []string) int {
	conns := &connStrings{}
	conns.add(a.Getenv("DATABASE_URL"), a.Getenv("SCHEMAGEN_DEV_URL"))
	// An argument may be a connection string in the wrong place, which a
	// usage message would quote.
	conns.add(connArgs(args)...)
	stdout := dburl.NewScrubWriter(a.Stdout, conns.list)
	stderr := dburl.NewScrubWriter(a.Stderr, conns.list)
	b := *a
	b.Stdout, b.Stderr, b.conns = stdout, stderr, conns
	code := b.report(b.run(ctx, args))
	// A failed write of the output has nowhere to be reported.
	_ = stdout.Flush()
	_ = stderr.Flush()
	return code
}

// connStrings collects the connection strings of a run, for scrubbing
// the output. It is safe for concurrent use.
type connStrings struct {
	mu   sync.Mutex
	strs []string
}

// add records the non-empty strings of cs.
func (c *connStrings) add(cs ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range cs {
		if s != "" && !slices.Contains(c.strs, s) {
			c.strs = append(c.strs, s)
		}
	}
}

// list returns the recorded strings.
func (c *connStrings) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.strs)
}

// connArgs returns the arguments, or values of -flag=value arguments,
// that look like connection strings: URLs, or strings that set a
// password.
func connArgs(args []string) []string {
	var out []string
	for _, arg := range args {
		if strings.HasPrefix(arg, "-") {
			if i := strings.IndexByte(arg, '='); i >= 0 {
				arg = arg[i+1:]
			}
		}
		if strings.Contains(arg, "://") || strings.Contains(strings.ToLower(arg), "password") {
			out = append(out, arg)
		}
	}
	return out
}

// addConn records connection strings whose passwords the output must not
// show.
func (a *App) addConn(cs ...string) {
	if a.conns != nil {
		a.conns.add(cs...)
	}
}

// report prints err and returns the exit code it means.
func (a *App) report(err error) int {
	if err == nil {
		return ExitOK
	}
	var sourceErrs parser.ErrorList
	if errors.As(err, &sourceErrs) {
		// file:line:col lines, as compilers print them.
		fmt.Fprintln(a.Stderr, sourceErrs.Error())
		return ExitError
	}
	code := ExitError
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(a.Stderr, "schemagen: "+msg)
	}
	return code
}

func (a *App) run(ctx context.Context, args []string) error {
	var g globalFlags
	top := flag.NewFlagSet("schemagen", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	g.register(top)
	if err := top.Parse(args); err != nil {
		a.usage()
		return usageErr("%v", err)
	}
	if top.NArg() == 0 {
		a.usage()
		return usageErr("no command given")
	}
	verb, rest := top.Arg(0), top.Args()[1:]
	if verb == "help" || verb == "-h" {
		a.usage()
		return nil
	}
	var cmd *command
	for _, c := range a.commands() {
		if c.name == verb {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		a.usage()
		return usageErr("unknown command %q", verb)
	}
	fs := flag.NewFlagSet("schemagen "+verb, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	// Defining a flag resets its variable: keep what came before the verb
	// (not as the flag's default, which usage would print).
	before := g
	g.register(fs)
	g.dir, g.migrations, g.databaseURL, g.devURL = before.dir, before.migrations, before.databaseURL, before.devURL
	runFn := cmd.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(a.Stderr, "usage: schemagen %s %s\n\n%s\n\nflags:\n", verb, cmd.args, cmd.summary)
		fs.PrintDefaults()
	}
	// Flags may follow positional arguments: parse in rounds. A relative
	// target such as -1 is an argument, not a flag.
	var positional []string
	rest = slices.DeleteFunc(slices.Clone(rest), func(arg string) bool {
		if isRelativeTarget(arg) {
			positional = append(positional, arg)
			return true
		}
		return false
	})
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return usageErr("%s: %v", verb, err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	a.addConn(g.databaseURL, g.devURL)
	dir := a.Dir
	if g.dir != "" {
		dir = absFrom(a.Dir, g.dir)
	}
	p, err := loadProject(dir, &g, a.Getenv, !cmd.noProject)
	if err != nil {
		return err
	}
	a.addConn(p.databaseURL, p.devURL)
	return runFn(ctx, a, p, positional)
}

// isRelativeTarget reports whether arg is -N, a downgrade target.
func isRelativeTarget(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' {
		return false
	}
	for _, r := range arg[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (a *App) usage() {
	var b strings.Builder
	b.WriteString("usage: schemagen [flags] COMMAND [args]\n\ncommands:\n")
	for _, c := range a.commands() {
		fmt.Fprintf(&b, "  %-10s %-28s %s\n", c.name, c.args, c.summary)
	}
	b.WriteString(`
flags (before or after the command):
  -C DIR               run as if started in DIR
  --models PATTERN     Go package pattern holding models (repeatable)
  --migrations DIR     migrations folder (default: migrations at the module root)
  --database-url URL   database (default: $DATABASE_URL, then schemagen.toml)
  --dev-url URL        dev database for canonicalization and scratch databases;
                       the target is then only read (default: $SCHEMAGEN_DEV_URL,
                       then dev_url in schemagen.toml)

exit codes: 0 fine, 1 drift or a failed check, 2 bad input or usage
`)
	fmt.Fprint(a.Stderr, b.String())
}

func (a *App) printf(format string, args ...any) { fmt.Fprintf(a.Stdout, format, args...) }

// redacted returns the project's database URL for messages.
func (p *project) redactedURL() string { return dburl.Redact(p.databaseURL) }
