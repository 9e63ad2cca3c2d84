package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schemagen/schemagen/internal/migfile"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
)

// The migration files have one reader of their metadata, package
// migfile: history, heads, merge, revision, stamp and current read the
// revisions, parents and messages from the files' syntax, as the go
// command would compile them (build constraints, any name for the
// migrate import). The verbs that need every migration's changes read
// them without compiling too when every file is static (see migfile):
// `check` (every mode's hazard checks, and the offline comparison),
// `revision --autogenerate --offline`, `upgrade --sql` and `downgrade
// --sql` (migrate.MainContext, in this process), `build`'s checks and
// `diff` from migrations. Otherwise, and for every verb that runs
// migrations on a database, the runner is built; its recording is then
// compared with the reading without compiling ([migfile.Package.CrossCheck]),
// so that the two readers cannot silently disagree.

// readPackage reads the migrations package without compiling it, in the
// go command's context: the environment the runner's build gets. Later
// calls return the same reading while the folder's files are unchanged.
func readPackage(p *project) (*migfile.Package, error) {
	if p.read != nil && p.read.Dir == p.migrationsDir && p.read.Unchanged() {
		return p.read, nil
	}
	pkg, err := migfile.Read(p.migrationsDir, migfile.NewContext(os.Getenv, p.goVersion))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no migrations folder at %s: run `schemagen init` first", relPath(p.migrationsDir))
	}
	if err != nil {
		return nil, fmt.Errorf("read the migrations folder: %w", err)
	}
	p.read = pkg
	return pkg, nil
}

// unreadError reports migrations whose metadata cannot be read without
// compiling: the positions and reasons, one per line.
type unreadError struct{ problems parser.ErrorList }

func (e *unreadError) Error() string { return e.problems.Error() }

// migrationsState is the migrations folder read without compiling.
type migrationsState struct {
	pkg   string // the package name
	files *migfile.Package
	migs  []*migfile.Migration
	graph *migrate.Graph
}

// readMigrations reads every migration's metadata and the revision
// graph; an *unreadError when a migration's metadata cannot be read.
func readMigrations(p *project) (*migrationsState, error) {
	pkg, err := readPackage(p)
	if err != nil {
		return nil, err
	}
	if len(pkg.Problems) > 0 {
		return nil, &unreadError{problems: pkg.Problems}
	}
	st := &migrationsState{pkg: pkg.Name, files: pkg, migs: pkg.Migrations()}
	if st.pkg == "" {
		st.pkg = packageNameFor(p.migrationsDir)
	}
	// The graph's nodes name their migration by file:line:col, so that
	// a graph error points at it.
	nodes := make([]migrate.Node, len(st.migs))
	for i, m := range st.migs {
		nodes[i] = migrate.Node{Revision: m.Revision, Parents: m.DownRevision, Message: m.Message, File: relPath(m.Pos.String())}
	}
	if st.graph, err = migrate.NewGraph(nodes); err != nil {
		return nil, err
	}
	return st, nil
}

func (s *migrationsState) message(rev string) string {
	if n, ok := s.graph.Node(rev); ok {
		return n.Message
	}
	return ""
}

// metadataSet returns a set holding the revisions without their
// functions: enough for stamping and reading the version table.
func (s *migrationsState) metadataSet() *migrate.Set {
	set := &migrate.Set{}
	for _, m := range s.migs {
		set.Add(migrate.Migration{Revision: m.Revision, DownRevision: m.DownRevision, Message: m.Message, File: m.File, Line: m.Line})
	}
	return set
}

// forceCompile reports whether SCHEMAGEN_COMPILE=1 asks every verb to
// compile the migrations, never to read them statically (a way round a
// reading without compiling that goes wrong).
func (a *App) forceCompile() bool { return a.Getenv("SCHEMAGEN_COMPILE") == "1" }

// staticSet returns the migrations package's Set built in this process
// when every file is static; otherwise nil and why (notStatic). err is
// an error reading the folder.
func (a *App) staticSet(p *project) (set *staticMigrations, notStatic, err error) {
	if a.forceCompile() {
		return nil, errors.New("the migrations are compiled: SCHEMAGEN_COMPILE=1"), nil
	}
	pkg, err := readPackage(p)
	if err != nil {
		return nil, nil, err
	}
	set = &staticMigrations{pkg: pkg}
	set.Set, notStatic = pkg.Set()
	if notStatic != nil && a.Getenv("SCHEMAGEN_TIMINGS") == "1" {
		fmt.Fprintf(a.Stderr, "schemagen: %v\n", notStatic)
	}
	return set, notStatic, nil
}

// offlineRecords returns every migration's recorded changes, for a verb
// that needs no database: read without compiling when every file is
// static (no go command runs), else from a built offline runner. The
// caller closes the runner, which is nil when nothing was built.
func (a *App) offlineRecords(ctx context.Context, p *project) (*runner, []migrate.Recorded, error) {
	pr := a.startBuild(ctx, p, offlineRunner)
	defer pr.Close()
	return pr.wait()
}

// staticMigrations is the migrations package's Set built in this
// process, and the reading it comes from.
type staticMigrations struct {
	*migrate.Set
	pkg *migfile.Package
}

// records returns what every migration of s records, with the positions
// that only the reading knows (see [migfile.Package.FillUndeclared]).
func (s *staticMigrations) records() []migrate.Recorded {
	recs := migrate.RecordAll(s.Set)
	s.pkg.FillUndeclared(recs)
	return recs
}

// staticRecords returns every migration's recorded changes of the set
// read without compiling, checked as [runner.records] checks those of a
// built program, and in the form its dump gives them.
func staticRecords(p *project, set *staticMigrations) ([]migrate.Recorded, error) {
	if err := set.Validate(); err != nil {
		if unchecked, uerr := migfile.RoundTrip(set.records()); uerr == nil {
			if verr := validateMigrations(p, unchecked); verr != nil {
				return nil, verr
			}
		}
		return nil, fmt.Errorf("read the migrations: %w", err)
	}
	recs, err := migfile.RoundTrip(set.records())
	if err != nil {
		return nil, err
	}
	if err := validateMigrations(p, recs); err != nil {
		return nil, err
	}
	return recs, nil
}

// timing prints, with SCHEMAGEN_TIMINGS=1, how long a step took (for
// bench/cmd/schemabench).
func (a *App) timing(start time.Time, format string, args ...any) {
	if a.Getenv("SCHEMAGEN_TIMINGS") == "1" {
		fmt.Fprintf(a.Stderr, "schemagen: timing: %s: %.3fs\n", fmt.Sprintf(format, args...), time.Since(start).Seconds())
	}
}

// crossCheck compares the recording of the built migrations with their
// reading without compiling (see [migfile.Package.CrossCheck]).
func crossCheck(p *project, recs []migrate.Recorded) error {
	pkg, err := readPackage(p)
	if err != nil {
		return err
	}
	if err := pkg.CrossCheck(recs); err != nil {
		return fmt.Errorf("the migrations read without compiling differ from the compiled ones:\n%w", err)
	}
	return nil
}

// runnerEnv returns the environment of a run of the migrations' program
// with databaseURL: the CLI's own (base), then DATABASE_URL, the version
// table, SCHEMAGEN_CLI=1 and extra, later settings overriding earlier
// ones as the exec package does.
func runnerEnv(base []string, databaseURL string, vt migrate.QualifiedName, extra []string) []string {
	return slices.Concat(base, []string{
		"DATABASE_URL=" + databaseURL,
		"SCHEMAGEN_VERSION_TABLE=" + vt.Schema + "." + vt.Name,
		// A second signal is the CLI's to act on (see migrate.Main).
		"SCHEMAGEN_CLI=1",
	}, extra)
}

// getenvOf returns a getenv reading env (NAME=value lines, the last one
// of a name winning).
func getenvOf(env []string) func(string) string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(name string) string { return m[name] }
}

// mainInProcess runs migrate.Main's command args on the set read without
// compiling, in this process, with the environment a built runner would
// get (see [runnerEnv]); it returns the exit code.
func (a *App) mainInProcess(ctx context.Context, p *project, set *migrate.Set, extra []string, args ...string) int {
	env := runnerEnv(os.Environ(), "", p.versionTable, slices.Concat(p.runnerEnv, extra))
	return migrate.MainContext(ctx, set, args, getenvOf(env), a.Stdout, a.Stderr)
}
