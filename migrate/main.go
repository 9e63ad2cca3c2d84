package migrate

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/revtext"
	"github.com/schemagen/schemagen/internal/sigctx"
)

// Main runs one command on set and returns the process exit code: 0
// done, 2 an error or bad usage, 130 a second signal (see below). It is
// the whole of a migrations program: the schemagen CLI builds one around
// the user's migrations package, so that migrations run with the user's
// own code, and `schemagen build` writes one for deploys without Go. A
// program of your own is one line:
//
//	func main() { os.Exit(migrate.Main(migrations.Set, os.Args[1:], os.Stdout, os.Stderr)) }
//
// The commands and flags are the schemagen CLI's (flags may come before
// or after arguments):
//
//	upgrade [--allow-hazards KINDS] [--allow-edited] [TARGET]
//	                                          apply migrations up to TARGET (default head)
//	upgrade --sql [FROM:]TARGET               print the upgrade script from FROM (default base); no database
//	downgrade [--force-irreversible] TARGET   undo migrations down to TARGET (base, REV, -N, HEAD@-N)
//	downgrade --sql [FROM:]TARGET             print the downgrade script from FROM (default heads); no database
//	current                                   show the database's revisions, and the applied migrations edited since
//	history [-v]                              show the revisions as a graph, newest first
//	stamp REV...                              set the database's revisions (base, head, heads, REV) without running migrations
//	stamp --force-fingerprint REV...          accept the edit of applied migrations ([Migrator.AcceptFingerprints])
//	dump                                      print every migration's recorded changes as JSON ([Recorded]); no database
//
// Targets: head, heads, base, a revision or a unique prefix of one, +N,
// -N, HEAD@-N. -N steps back one revision at a time and refuses, listing
// the explicit choices (an [AmbiguousDowngradeError]), where a step is
// ambiguous: at several heads, or at a merge revision; HEAD@-N steps back
// N revisions of the branch whose head HEAD the database is at. downgrade
// refuses to undo an irreversible migration (an [IrreversibleError], see
// [Irreversible]) unless --force-irreversible ([WithForceIrreversible]).
// With --sql, a relative target (+N, -N, HEAD@-N) needs an explicit FROM
// (there is no database to count from), an upgrade range must go forwards
// and a downgrade range backwards, and each Go step, which the script
// cannot run, is warned of on stderr. --allow-hazards lists hazard kinds ("all", or kinds separated by
// commas, see [ParseHazardKinds]) to run although the migrations do not
// acknowledge them; with --sql it silences their warnings. upgrade refuses
// to run while a migration applied to the database was edited since (an
// [EditedError], see [Fingerprint]); --allow-edited ([WithAllowEdited])
// runs it all the same, and `stamp --force-fingerprint REV...` accepts the
// edits, leaving the version table alone.
//
// The database URL comes from the environment variable DATABASE_URL, or
// --database-url (which other users of the machine can read in the
// process list: prefer the environment). The version table comes from
// SCHEMAGEN_VERSION_TABLE ("schema.name"). SCHEMAGEN_LOCK_TIMEOUT and
// SCHEMAGEN_STATEMENT_TIMEOUT (Go durations such as "2s") and
// SCHEMAGEN_LOCK_RETRIES (a count) set [WithLockTimeout],
// [WithStatementTimeout] and [WithLockRetries], SCHEMAGEN_LOCK_WAIT (a
// Go duration, 0 for no limit) sets [WithLockWait], and
// SCHEMAGEN_ALLOW_HAZARDS sets [WithAllowHazards] as --allow-hazards
// ("all" or kinds separated by commas, see [change.ParseHazardKinds])
// does; empty or unset means the default, and an invalid value is an
// error that names the variable. Every command first checks the set
// ([Set.Validate]). history marks the current revisions when a database
// is named and answers. The commands that connect say first on stderr
// which database they act on ("schemagen: database host:5432/app", no
// password), and their sessions carry application_name = schemagen
// unless the URL or PGAPPNAME sets one. Progress lines (each migration
// run, a wait for the lock and who holds it, a retry, a resumed
// migration) go to stdout. The program must
// import a PostgreSQL driver registered as "postgres", such as lib/pq,
// for the commands that connect.
//
// SIGINT (Ctrl-C) and SIGTERM cancel the run: the migration in progress
// rolls back, the migration lock is released, the database stays at the
// last migration that finished, and Main returns 2. A second signal exits
// at once with 130 (128+SIGINT, the shell's code for a program Ctrl-C
// killed); PostgreSQL then rolls back when the connection drops. When the
// schemagen CLI started the program (SCHEMAGEN_CLI=1), a second signal is
// left to the CLI, which forwards the first: Ctrl-C in a terminal reaches
// both, and that must not count as two.
func Main(set *Set, args []string, stdout, stderr io.Writer) int {
	exit := os.Exit
	if os.Getenv("SCHEMAGEN_CLI") == "1" {
		exit = nil
	}
	ctx, stop := sigctx.Cancel(context.Background(), stderr, "rolling back the migration in progress", exit)
	defer stop()
	return MainContext(ctx, set, args, os.Getenv, stdout, stderr)
}

// MainContext is [Main] for a program that handles signals itself and
// passes the environment explicitly: cancelling ctx does what Main's
// first signal does, and getenv stands for os.Getenv (DATABASE_URL and
// the SCHEMAGEN_ variables are read through it). The schemagen CLI runs
// the migrations it reads without compiling them through it, in its own
// process, with the settings of the project.
func MainContext(ctx context.Context, set *Set, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := parseMain(args)
	if err == nil {
		err = c.run(ctx, set, getenv, stdout, stderr)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, mainUsage())
			return 0
		}
		// The driver may quote DATABASE_URL in its errors (lib/pq does
		// for a URL it cannot parse): no password is ever printed.
		fmt.Fprintln(stderr, "schemagen:", dburl.Scrub(err.Error(), getenv("DATABASE_URL"), c.databaseURL))
		return 2
	}
	return 0
}

// mainCommands lists the commands of [Main]: usage and summary.
func mainCommands() [][2]string {
	return [][2]string{
		{"upgrade [--allow-hazards KINDS] [--allow-edited] [TARGET]", "apply migrations up to TARGET (default head)"},
		{"upgrade --sql [FROM:]TARGET", "print the upgrade script from FROM (default base)"},
		{"downgrade [--force-irreversible] TARGET", "undo migrations down to TARGET (base, REV, -N, HEAD@-N)"},
		{"downgrade --sql [FROM:]TARGET", "print the downgrade script from FROM (default heads)"},
		{"current", "show the database's revisions and the applied migrations edited since"},
		{"history [-v]", "show the revisions as a graph, newest first"},
		{"stamp REV...", "set the database's revisions without running migrations"},
		{"stamp --force-fingerprint REV...", "accept the edit of applied migrations REV..."},
		{"dump", "print the migrations' recorded changes as JSON"},
	}
}

// mainUsage is Main's usage text.
func mainUsage() string {
	var b strings.Builder
	b.WriteString("usage: COMMAND [flags] [args]\n\ncommands:\n")
	for _, c := range mainCommands() {
		fmt.Fprintf(&b, "  %-58s %s\n", c[0], c[1])
	}
	b.WriteString(`
flags: --database-url URL (default: $DATABASE_URL)
environment: DATABASE_URL, SCHEMAGEN_VERSION_TABLE, SCHEMAGEN_LOCK_TIMEOUT,
  SCHEMAGEN_STATEMENT_TIMEOUT, SCHEMAGEN_LOCK_RETRIES, SCHEMAGEN_LOCK_WAIT,
  SCHEMAGEN_ALLOW_HAZARDS
exit codes: 0 fine, 2 an error or bad usage, 130 abandoned by a second signal
`)
	return b.String()
}

// commandUsage returns the usage of the command name of [Main].
func commandUsage(name string) string {
	var lines []string
	for _, c := range mainCommands() {
		if strings.HasPrefix(c[0], name+" ") || c[0] == name {
			lines = append(lines, c[0])
		}
	}
	return "usage: " + strings.Join(lines, " | ")
}

// mainCommand is one command line of [Main].
type mainCommand struct {
	name        string
	args        []string
	sql         bool
	allow       string
	verbose     bool
	allowEdited bool
	force       bool
	// forceIrreversible undoes irreversible migrations all the same.
	forceIrreversible bool
	databaseURL       string
}

// parseMain reads a command line of [Main]. Flags may follow arguments;
// -N is a relative target, not a flag.
func parseMain(args []string) (*mainCommand, error) {
	c := &mainCommand{}
	if len(args) == 0 {
		return c, usageError("no command given; usage: COMMAND [flags] [args], COMMAND one of upgrade, downgrade, current, history, stamp, dump")
	}
	c.name = args[0]
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.databaseURL, "database-url", "", "")
	switch c.name {
	case "upgrade":
		fs.BoolVar(&c.sql, "sql", false, "")
		fs.StringVar(&c.allow, "allow-hazards", "", "")
		fs.BoolVar(&c.allowEdited, "allow-edited", false, "")
	case "downgrade":
		fs.BoolVar(&c.sql, "sql", false, "")
		fs.BoolVar(&c.forceIrreversible, "force-irreversible", false, "")
	case "history":
		fs.BoolVar(&c.verbose, "v", false, "")
	case "stamp":
		fs.BoolVar(&c.force, "force-fingerprint", false, "")
	case "current", "dump":
	case "help", "-h", "-help", "--help":
		return c, flag.ErrHelp
	default:
		return c, usageError("unknown command %q", c.name)
	}
	rest := slices.DeleteFunc(slices.Clone(args[1:]), func(arg string) bool {
		if isRelativeTarget(arg) {
			c.args = append(c.args, arg)
			return true
		}
		return false
	})
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return c, err
			}
			return c, usageError("%s: %v", c.name, err)
		}
		if fs.NArg() == 0 {
			break
		}
		c.args = append(c.args, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	want := map[string][2]int{ // the least and most arguments
		"upgrade": {0, 1}, "downgrade": {1, 1}, "current": {0, 0}, "history": {0, 0}, "stamp": {1, -1}, "dump": {0, 0},
	}[c.name]
	if len(c.args) < want[0] || want[1] >= 0 && len(c.args) > want[1] {
		return c, usageError("%s", commandUsage(c.name))
	}
	return c, nil
}

// usageError is an error of usage.
func usageError(format string, args ...any) error {
	return fmt.Errorf(format+" (see help)", args...)
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

// run runs the command on set.
func (c *mainCommand) run(ctx context.Context, set *Set, getenv func(string) string, stdout, stderr io.Writer) error {
	vt := DefaultVersionTable()
	if v := getenv("SCHEMAGEN_VERSION_TABLE"); v != "" {
		var err error
		if vt, err = ParseVersionTable(v); err != nil {
			return fmt.Errorf("SCHEMAGEN_VERSION_TABLE: %w", err)
		}
	}
	switch {
	case c.name == "dump":
		if err := set.Validate(); err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(RecordAll(set))
	case c.sql:
		allowed, err := c.allowed(getenv)
		if err != nil {
			return err
		}
		return printScript(set, c.name == "upgrade", c.target(), allowed, c.forceIrreversible, vt, stdout, stderr)
	case c.name == "history":
		g, err := set.Graph()
		if err != nil {
			return err
		}
		var current []string
		if url := cmp.Or(c.databaseURL, getenv("DATABASE_URL")); url != "" {
			// Marking the current revisions is a courtesy: history
			// itself needs no database.
			if db, err := sql.Open("postgres", sessionURL(url, getenv)); err == nil {
				pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
				var err error
				if current, err = ReadVersions(pingCtx, db, vt); err == nil {
					printTarget(url, getenv, stderr)
				}
				cancel()
				db.Close()
			}
		}
		for _, line := range revtext.History(revsOf(g), current, c.verbose) {
			fmt.Fprintln(stdout, line)
		}
		return nil
	}
	url := cmp.Or(c.databaseURL, getenv("DATABASE_URL"))
	if url == "" {
		return fmt.Errorf("DATABASE_URL is not set (or pass --database-url)")
	}
	opts, err := envOptions(getenv)
	if err != nil {
		return err
	}
	allowed, err := c.allowed(getenv)
	if err != nil {
		return err
	}
	if len(allowed) > 0 {
		opts = append(opts, WithAllowHazards(allowed...))
	}
	if c.allowEdited {
		opts = append(opts, WithAllowEdited())
	}
	if c.forceIrreversible {
		opts = append(opts, WithForceIrreversible())
	}
	opts = append(opts, WithVersionTable(vt), WithLogf(func(format string, args ...any) {
		fmt.Fprintf(stdout, format+"\n", args...)
	}))
	printTarget(url, getenv, stderr)
	db, err := sql.Open("postgres", sessionURL(url, getenv))
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	m, err := New(db, set, opts...)
	if err != nil {
		return err
	}
	switch c.name {
	case "upgrade", "downgrade":
		run := m.Upgrade
		if c.name == "downgrade" {
			run = m.Downgrade
		}
		results, err := run(ctx, c.target())
		if len(results) == 0 && err == nil {
			fmt.Fprintln(stdout, "nothing to do: the database is already at the target")
		}
		return err
	case "stamp":
		if c.force {
			_, err := m.AcceptFingerprints(ctx, c.args...)
			return err
		}
		var revs []string
		for _, arg := range c.args {
			switch arg {
			case "base":
			case "head":
				h, err := m.graph.Head()
				if err != nil {
					return err
				}
				revs = append(revs, h)
			case "heads":
				revs = append(revs, m.graph.Heads()...)
			default:
				revs = append(revs, arg)
			}
		}
		if err := m.Stamp(ctx, revs...); err != nil {
			return err
		}
		current, err := m.Current(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "stamped: the database is at %s\n", revtext.RevList(current))
		return nil
	case "current":
		current, err := m.Current(ctx)
		if err != nil {
			return err
		}
		if len(current) == 0 {
			if err := CheckVersionTable(ctx, db, m.graph, vt); err != nil {
				return err
			}
		}
		progress, err := ReadProgress(ctx, db, vt)
		if err != nil {
			return err
		}
		if progress != nil {
			fmt.Fprintf(stdout, "partly applied: %s\n", progress)
		}
		for _, rev := range current {
			if _, ok := m.graph.Node(rev); !ok {
				return &UnknownRevisionError{Revision: rev}
			}
		}
		message := func(rev string) string {
			n, _ := m.graph.Node(rev)
			return n.Message
		}
		for _, line := range revtext.Current(current, m.graph.Heads(), message) {
			fmt.Fprintln(stdout, line)
		}
		rep, err := m.Fingerprints(ctx)
		if err != nil {
			return err
		}
		for _, line := range rep.Lines("") {
			fmt.Fprintln(stdout, line)
		}
		return nil
	}
	return fmt.Errorf("unknown command %q", c.name)
}

// target returns the command's target: its argument, else head.
func (c *mainCommand) target() string {
	if len(c.args) == 0 {
		return "head"
	}
	return c.args[0]
}

// allowed returns the hazard kinds that --allow-hazards and
// SCHEMAGEN_ALLOW_HAZARDS allow.
func (c *mainCommand) allowed(getenv func(string) string) ([]HazardKind, error) {
	var out []HazardKind
	if v := getenv("SCHEMAGEN_ALLOW_HAZARDS"); v != "" {
		kinds, err := change.ParseHazardKinds(v)
		if err != nil {
			return nil, fmt.Errorf("SCHEMAGEN_ALLOW_HAZARDS=%q: %w; want \"all\" or hazard kinds separated by commas", v, err)
		}
		out = append(out, kinds...)
	}
	if c.allow != "" {
		kinds, err := change.ParseHazardKinds(c.allow)
		if err != nil {
			return nil, usageError("--allow-hazards: %v", err)
		}
		out = append(out, kinds...)
	}
	return out, nil
}

// revsOf returns the revisions of g in graph order, as revtext shows
// them.
func revsOf(g *Graph) []revtext.Rev {
	var revs []revtext.Rev
	for _, rev := range g.Order() {
		n, _ := g.Node(rev)
		revs = append(revs, revtext.Rev{Revision: rev, Parents: n.Parents, Message: n.Message, File: n.File})
	}
	return revs
}

// printScript prints the SQL of an upgrade (up) or downgrade between two
// revisions without a database: spec is TARGET or FROM:TARGET, FROM
// defaulting to base for an upgrade and to heads for a downgrade. A
// relative TARGET needs an explicit FROM, an upgrade range must not go
// backwards nor a downgrade range forwards, and a downgrade past an
// irreversible migration is refused unless forceIrreversible. The
// hazards of an upgrade that neither the migrations nor allowed
// acknowledge, and the Go steps the script cannot run, are warned of on
// stderr.
func printScript(set *Set, up bool, spec string, allowed []HazardKind, forceIrreversible bool, vt QualifiedName, stdout, stderr io.Writer) error {
	g, err := set.validate()
	if err != nil {
		return err
	}
	recs := RecordAll(set)
	verb, from, target := "downgrade", "heads", spec
	if up {
		verb, from = "upgrade", "base"
	}
	explicit := false
	if i := strings.IndexByte(spec, ':'); i >= 0 {
		from, target, explicit = spec[:i], spec[i+1:], true
	}
	if !explicit && isRelative(target) {
		return fmt.Errorf("%s --sql %s: a relative target counts from the database's revision, and --sql reads no database; name the start: %s --sql FROM:%s (FROM a revision, or %s)",
			verb, target, verb, target, from)
	}
	var current []string
	switch from {
	case "base":
	case "heads":
		current = g.Heads()
	case "head":
		h, err := g.Head()
		if err != nil {
			return err
		}
		current = []string{h}
	default:
		rev, err := g.Resolve(from)
		if err != nil {
			return err
		}
		current = []string{rev}
	}
	if err := checkRange(g, up, spec, current, target); err != nil {
		return err
	}
	var plan Plan
	if up {
		plan, err = g.UpgradePlan(current, target)
	} else {
		plan, err = g.DowngradePlan(current, target)
	}
	if err != nil {
		return err
	}
	byRev := make(map[string]*Recorded, len(recs))
	for i := range recs {
		byRev[recs[i].Revision] = &recs[i]
	}
	if !up && !forceIrreversible {
		var errs []error
		for _, rev := range plan.Revisions {
			if why := byRev[rev].Irreversible(); why != "" {
				mig, _ := set.lookup(rev)
				errs = append(errs, &IrreversibleError{Revision: rev, Pos: mig.pos(), Reason: why})
			}
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	text, err := script(g, recs, current, plan, vt)
	if err != nil {
		return err
	}
	for _, rev := range plan.Revisions {
		rec := byRev[rev]
		mig, _ := set.lookup(rev)
		changes := rec.Downgrade
		if up {
			changes = rec.Upgrade
			for _, h := range change.UnallowedHazards(rec.Upgrade, rec.NoTransaction, append(slices.Clone(rec.AllowHazards), allowed...)) {
				fmt.Fprintf(stderr, "schemagen: warning: %s (%s): unacknowledged hazard %s\n", rec.File, rev, h)
			}
		}
		if n := countGoSteps(changes); n > 0 {
			fmt.Fprintf(stderr, "schemagen: warning: %s (%s): the %s has %d Go step(s) (op.Run), which the script shows as a comment and does not run; run them by hand, or run the migrations through schemagen\n",
				orUnknown(mig.pos()), rev, verb, n)
		}
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// isRelative reports whether target is relative to the database's
// revision: +N, -N or HEAD@-N.
func isRelative(target string) bool {
	return strings.HasPrefix(target, "+") || strings.HasPrefix(target, "-") || strings.Contains(target, "@")
}

// checkRange refuses a --sql range (spec) that goes the wrong way: an
// upgrade to a revision that current already descends from, or a
// downgrade to a revision that descends from current.
func checkRange(g *Graph, up bool, spec string, current []string, target string) error {
	if isRelative(target) || target == "base" || target == "head" || target == "heads" {
		return nil
	}
	rev, err := g.Resolve(target)
	if err != nil {
		return err
	}
	applied := g.ancestors(current...)
	switch {
	case up && applied[rev] && !slices.Contains(current, rev):
		return fmt.Errorf("upgrade --sql %s goes backwards: %s is older than %s; for the script that undoes it: downgrade --sql %s", spec, rev, strings.Join(current, ", "), spec)
	case !up && !applied[rev] && len(current) > 0 && g.ancestors(rev)[current[0]]:
		return fmt.Errorf("downgrade --sql %s goes forwards: %s is newer than %s; for the script that applies it: upgrade --sql %s", spec, rev, strings.Join(current, ", "), spec)
	}
	return nil
}

// countGoSteps returns the number of Go steps of changes.
func countGoSteps(changes []change.Change) int {
	n := 0
	for _, c := range changes {
		if _, ok := c.(change.RunGo); ok {
			n++
		}
	}
	return n
}

// envOptions reads the options that the environment sets: the timeouts,
// the lock wait, the lock retries and the acknowledged hazards.
func envOptions(getenv func(string) string) ([]Option, error) {
	var opts []Option
	for _, d := range []struct {
		env string
		opt func(time.Duration) Option
	}{
		{"SCHEMAGEN_LOCK_TIMEOUT", WithLockTimeout},
		{"SCHEMAGEN_STATEMENT_TIMEOUT", WithStatementTimeout},
		{"SCHEMAGEN_LOCK_WAIT", WithLockWait},
	} {
		v := getenv(d.env)
		if v == "" {
			continue
		}
		dur, err := time.ParseDuration(v)
		if err != nil || dur < 0 {
			return nil, fmt.Errorf("%s=%q is not a duration of zero or more such as 2s or 500ms", d.env, v)
		}
		opts = append(opts, d.opt(dur))
	}
	if v := getenv("SCHEMAGEN_ALLOW_HAZARDS"); v != "" {
		kinds, err := change.ParseHazardKinds(v)
		if err != nil {
			return nil, fmt.Errorf("SCHEMAGEN_ALLOW_HAZARDS=%q: %w; want \"all\" or hazard kinds separated by commas", v, err)
		}
		opts = append(opts, WithAllowHazards(kinds...))
	}
	if v := getenv("SCHEMAGEN_LOCK_RETRIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("SCHEMAGEN_LOCK_RETRIES=%q is not a count of zero or more", v)
		}
		opts = append(opts, WithLockRetries(n))
	}
	return opts, nil
}

// sessionURL returns url with application_name = schemagen added (see
// [dburl.WithApplicationName]) unless url or PGAPPNAME sets one, so that
// pg_stat_activity names the sessions of a migration run.
func sessionURL(url string, getenv func(string) string) string {
	if getenv("PGAPPNAME") != "" {
		return url
	}
	return dburl.WithApplicationName(url, dburl.ApplicationName)
}

// printTarget says on stderr which database a command acts on, as
// host:port/dbname (no user, no password), unless the schemagen CLI ran
// the program (SCHEMAGEN_CLI=1), which said so itself.
func printTarget(url string, getenv func(string) string, stderr io.Writer) {
	if getenv("SCHEMAGEN_CLI") == "1" {
		return
	}
	fmt.Fprintf(stderr, "schemagen: database %s\n", dburl.Target(url, getenv))
}
