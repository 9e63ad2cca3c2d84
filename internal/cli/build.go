package cli

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// runnerDir is the module-relative folder of the runners' main packages,
// one folder each (see [runnerKind]). It never exists on disk: the go
// command reads each main package's one file through an overlay (go build
// -overlay), so nothing is written into the user's module. The leading
// "_" keeps it out of ./... patterns should a user ever create it.
const runnerDir = "_schemagen_runner"

// runnerKind says which program is built around the migrations.
type runnerKind int

const (
	// dbRunner links the driver: it runs migrations on a database (and
	// does everything the others do).
	dbRunner runnerKind = iota
	// offlineRunner links no driver, nor anything else that talks to a
	// database: it dumps the recorded changes and prints SQL scripts.
	// It builds without a go.mod copy whatever go.mod requires, and
	// compiles less from an empty build cache.
	offlineRunner
	// deployRunner is dbRunner with the project's settings built in:
	// what `schemagen build` writes.
	deployRunner
)

// name names the kind's main package folder under runnerDir and its
// program in the cache folder.
func (k runnerKind) name() string {
	switch k {
	case offlineRunner:
		return "offline"
	case deployRunner:
		return "deploy"
	}
	return "db"
}

// The driver the db and deploy runners link (see runnerSource). A user's
// go.mod need not list it: those runners build with a copy of go.mod that
// requires it when the user's does not (see runnerModFile). A test checks these against
// schemagen's own go.mod and go.sum.
const (
	driverPath    = "github.com/lib/pq"
	driverVersion = "v1.12.3"
	driverSum     = "github.com/lib/pq v1.12.3 h1:tTWxr2YLKwIvK90ZXEw8GP7UFHtcbTtty8zsI+YjrfQ=\n" +
		"github.com/lib/pq v1.12.3/go.mod h1:/p+8NSbOcwzAEI7wiMXFlgydTwcgTr3OSKMsD2BitpA=\n"
)

// runner is the user's migrations package built into a program.
type runner struct {
	bin string   // this run's private copy of the program, removed by Close
	dir string   // the module root, where it runs
	env []string // settings passed to every run (timeouts, retries)
	// split reports whether the migrations were compiled in units (see
	// [unitsDir]) rather than as one package.
	split bool
}

// buildRunner builds the migrations package into a runner of the kind.
// Close removes it.
//
// Nothing is written into the user's module: the main package, the
// program and, when go.mod does not require the driver the program needs,
// a copy of go.mod that does and its go.sum live in a cache folder keyed
// by the module root and migrations package (see [runnerCacheDir]); the
// go command sees the main package and the migrations' units through
// -overlay and the go.mod copy through -modfile. The program is built at
// a stable path, so when nothing changed the go command finds it up to
// date and links nothing.
// Each run builds into a private copy of it and then renames a link to
// that copy into place, so that CLIs running at once in the same module
// never write into a program another one runs.
//
// The migrations are compiled in units when [planUnits] allows it; when
// that build fails, the package is built whole, whose errors are the ones
// reported, and the cache folder remembers not to split those files
// again.
func buildRunner(ctx context.Context, p *project, kind runnerKind) (*runner, error) {
	b, err := newRunnerBuild(ctx, p, kind)
	if err != nil {
		return nil, err
	}
	stable := filepath.Join(b.cache, b.stableName())
	rnd := make([]byte, 8)
	_, _ = rand.Read(rnd)
	r := &runner{bin: filepath.Join(b.cache, "run-"+hex.EncodeToString(rnd)), dir: p.root, env: p.runnerEnv}
	// Starting from a copy of the last program lets the go command see,
	// from its build ID, that it is up to date.
	if err := copyFile(r.bin, stable); err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.Close()
		return nil, fmt.Errorf("copy the runner: %w", err)
	}
	triedSplit := b.plan.split && !splitFailedBefore(b.cache, b.plan.fingerprint)
	if triedSplit {
		if err := b.build(ctx, r.bin, true); err == nil {
			r.split = true
			publish(r.bin, stable)
			return r, nil
		}
		if err := ctx.Err(); err != nil {
			r.Close()
			return nil, err
		}
	}
	// The whole build says what is wrong, as it always did; when it
	// works after a failed split, these files are not split again.
	if err := b.build(ctx, r.bin, false); err != nil {
		r.Close()
		return nil, err
	}
	if triedSplit {
		rememberSplitFailed(b.cache, b.plan.fingerprint)
	}
	publish(r.bin, stable)
	return r, nil
}

// runnerBuild is what building one runner needs.
type runnerBuild struct {
	p          *project
	kind       runnerKind
	importPath string    // of the migrations package
	cache      string    // the runner's cache folder
	modFlags   []string  // -modfile and -mod when go.mod lacks the driver
	plan       *unitPlan // how the migrations compile
	defaults   [][2]string
}

// newRunnerBuild reads the project for a build of kind and prepares the
// cache folder.
func newRunnerBuild(ctx context.Context, p *project, kind runnerKind) (*runnerBuild, error) {
	importPath, err := p.migrationsImportPath()
	if err != nil {
		return nil, err
	}
	cache, err := runnerCacheDir(p.root, importPath)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, fmt.Errorf("make the runner folder: %w", err)
	}
	removeStaleRuns(cache)
	b := &runnerBuild{p: p, kind: kind, importPath: importPath, cache: cache}
	if kind != offlineRunner {
		if b.modFlags, err = writeRunnerModFile(ctx, p.root, cache); err != nil {
			return nil, err
		}
	}
	// The files the go command compiles, as the reading without
	// compiling sees them; when it cannot read the folder, every file.
	pkg, _ := readPackage(p)
	if b.plan, err = planUnits(p.migrationsDir, pkg); err != nil {
		return nil, err
	}
	if kind == deployRunner {
		b.defaults = p.builtInSettings()
	}
	return b, nil
}

// stableName is the name of the kind's program in the cache folder. A
// deploy program may be cross-compiled: one per target.
func (b *runnerBuild) stableName() string {
	if b.kind == deployRunner {
		return "runner-deploy-" + cmp.Or(os.Getenv("GOOS"), runtime.GOOS) + "-" + cmp.Or(os.Getenv("GOARCH"), runtime.GOARCH)
	}
	return "runner-" + b.kind.name()
}

// build builds the program into bin, the migrations in units when split,
// else as one package. It returns the go command's messages as an
// exitError.
func (b *runnerBuild) build(ctx context.Context, bin string, split bool) error {
	mainDir := filepath.Join(b.p.root, runnerDir, b.kind.name())
	mainPath := filepath.Join(b.cache, "main-"+b.kind.name()+".go")
	replace := map[string]string{filepath.Join(mainDir, "main.go"): mainPath}
	var units []string
	if split {
		b.plan.overlay(b.p.migrationsDir, replace)
		units = b.plan.importPaths(b.importPath)
	}
	if err := writeIfChanged(mainPath, runnerSource(b.kind != offlineRunner, b.importPath, units, b.defaults)); err != nil {
		return fmt.Errorf("write the runner: %w", err)
	}
	overlay, err := json.Marshal(struct{ Replace map[string]string }{Replace: replace})
	if err != nil {
		return fmt.Errorf("write the runner overlay: %w", err)
	}
	overlayPath := filepath.Join(b.cache, "overlay-"+b.kind.name()+".json")
	if err := writeIfChanged(overlayPath, overlay); err != nil {
		return fmt.Errorf("write the runner overlay: %w", err)
	}
	// Without its symbol table and DWARF (-s -w), which no traceback
	// needs, the runner links in about two thirds of the time.
	args := append([]string{"build", "-overlay=" + overlayPath}, b.modFlags...)
	args = append(args, "-ldflags=-s -w")
	if b.kind != deployRunner {
		// A program that lives in the cache folder needs no version
		// control stamp: not stamping spares the go command's git calls,
		// and the failures of a repository git refuses to read (a
		// container's "dubious ownership"). A deploy program keeps it:
		// `go version -m` then names the commit it was built from.
		args = append(args, "-buildvcs=false")
	}
	if split {
		args = append(args, splitGCFlags(b.importPath))
	}
	args = append(args, "-o", bin, "./"+runnerDir+"/"+b.kind.name())
	var buildOut bytes.Buffer
	build := exec.CommandContext(ctx, "go", args...)
	build.Dir = b.p.root
	if b.kind != deployRunner {
		// These programs run here, whatever GOOS and GOARCH say.
		build.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	}
	build.Stdout = &buildOut
	build.Stderr = &buildOut
	if err := build.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return fmt.Errorf("build the migrations package %s: %w", b.importPath, err)
		}
		out := strings.TrimSpace(buildOut.String())
		out = strings.ReplaceAll(out, "./"+runnerDir+"/"+b.kind.name(), "the migrations runner")
		out = strings.ReplaceAll(out, mainPath, "the migrations runner")
		return &exitError{code: ExitError, err: fmt.Errorf("build the migrations package %s:\n%s", b.importPath, out)}
	}
	return nil
}

// publish makes the program bin the stable one of the next run: a new
// name renamed over the old, so that a program another CLI copies is
// always whole. Failing that, the next run links again: nothing is lost.
func publish(bin, stable string) {
	next := bin + ".next"
	if err := os.Link(bin, next); err != nil && copyFile(next, bin) != nil {
		return
	}
	if err := os.Rename(next, stable); err != nil {
		os.Remove(next)
	}
}

// Close removes this run's copy of the program; a nil runner has none.
func (r *runner) Close() {
	if r != nil {
		os.Remove(r.bin)
	}
}

// runnerCacheDir returns the folder that holds the runner of the
// migrations package importPath of the module rooted at root (one folder
// each, so that runs on two migration sets of one module at once never
// share a main.go): under $SCHEMAGEN_CACHE when set, else under the user
// cache dir (os.UserCacheDir, as the go command's own cache).
func runnerCacheDir(root, importPath string) (string, error) {
	base := os.Getenv("SCHEMAGEN_CACHE")
	if base == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			// No home folder (some CI containers): the temp dir still
			// keeps the program between runs.
			dir = os.TempDir()
		}
		base = filepath.Join(dir, "schemagen")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("locate the module root: %w", err)
	}
	sum := sha256.Sum256([]byte(abs + "\x00" + importPath))
	return filepath.Join(base, "runner", hex.EncodeToString(sum[:12])), nil
}

// writeRunnerModFile returns the go flags that give the runner its
// driver. When the module's go.mod requires the driver there are none:
// the runner builds as the module's own code does. Otherwise it writes
// into cache copies of the module's go.mod and go.sum that add the
// driver's requirement and checksums, and returns the flags that build
// with them; the module's own files are only read. The go command refuses
// -modfile in workspace mode (go.work), so there the module must require
// the driver itself.
func writeRunnerModFile(ctx context.Context, root, cache string) ([]string, error) {
	gomodPath := filepath.Join(root, "go.mod")
	src, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("read go.mod: %w", err)
	}
	mod, err := runnerModFile(gomodPath, src)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(mod, src) {
		return nil, nil
	}
	work, err := goWorkFile(ctx, root)
	if err != nil {
		return nil, err
	}
	if work != "" {
		return nil, fmt.Errorf("build the migrations runner: it needs %s, which go.mod does not require, and "+
			"the go command cannot add it in workspace mode (%s): run `go get %s` or set GOWORK=off",
			driverPath, work, driverPath)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read go.sum: %w", err)
	}
	sum = runnerSum(sum)
	modPath := filepath.Join(cache, "go.mod")
	if err := writeIfChanged(modPath, mod); err != nil {
		return nil, fmt.Errorf("write the runner's go.mod: %w", err)
	}
	if err := writeIfChanged(filepath.Join(cache, "go.sum"), sum); err != nil {
		return nil, fmt.Errorf("write the runner's go.sum: %w", err)
	}
	// The copy is the runner's own: -mod=mod lets the go command complete
	// it rather than refuse a requirement the module's graph would raise.
	return []string{"-modfile=" + modPath, "-mod=mod"}, nil
}

// goWorkFile returns the go.work file that the go command uses in the
// module rooted at root ("go env GOWORK"), or "" outside workspace mode
// (GOWORK=off included).
func goWorkFile(ctx context.Context, root string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOWORK")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("ask the go command for its workspace (go env GOWORK): %w", err)
	}
	if work := strings.TrimSpace(string(out)); work != "off" {
		return work, nil
	}
	return "", nil // GOWORK=off prints "off"
}

// runnerModFile returns the go.mod src (read from path) with a
// requirement of the driver added when it has none.
func runnerModFile(path string, src []byte) ([]byte, error) {
	f, err := modfile.Parse(path, src, nil)
	if err != nil {
		return nil, fmt.Errorf("read go.mod: %w", err)
	}
	for _, r := range f.Require {
		if r.Mod.Path == driverPath {
			return src, nil
		}
	}
	f.AddNewRequire(driverPath, driverVersion, false)
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return nil, fmt.Errorf("write the runner's go.mod: %w", err)
	}
	return out, nil
}

// runnerSum returns the go.sum sum with the driver's lines added when it
// lacks them.
func runnerSum(sum []byte) []byte {
	out := bytes.Clone(sum)
	for _, line := range strings.SplitAfter(driverSum, "\n") {
		if line == "" || bytes.Contains(sum, []byte(line)) {
			continue
		}
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		out = append(out, line...)
	}
	return out
}

// writeIfChanged writes data to path unless it already holds it. It
// writes a new file and renames it into place, so that a go command
// another CLI runs at the same moment never reads half a file.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// copyFile copies the program src to the new file dst.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

// staleRunAge is how old a run's copy of the program must be before a
// later build removes it: copies survive only a CLI that was killed.
const staleRunAge = 24 * time.Hour

// removeStaleRuns removes the copies of the program that killed CLIs left
// in cache, and the files of the cache folder's earlier layout (one
// program, "runner", built from main.go through overlay.json).
func removeStaleRuns(cache string) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range entries {
		if name := e.Name(); name == "runner" || name == "main.go" || name == "overlay.json" {
			os.Remove(filepath.Join(cache, name))
			continue
		}
		if !strings.HasPrefix(e.Name(), "run-") && !strings.Contains(e.Name(), ".tmp-") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleRunAge {
			os.Remove(filepath.Join(cache, e.Name()))
		}
	}
}

// runnerGrace is how long a runner has to roll back and exit after ctx is
// cancelled before it is killed. PostgreSQL aborts a transaction at once
// and the driver's cancel request is one round trip, so a healthy runner
// needs milliseconds; the rest is for a Go step (op.Run) that takes a
// while to notice its context. It stays under the 30 s that Kubernetes
// (and most supervisors) wait between SIGTERM and SIGKILL, so the CLI
// reaps its child itself rather than leave it to the supervisor.
const runnerGrace = 25 * time.Second

// run runs the program with args against databaseURL (passed through the
// environment, never the command line) and returns its exit code. When
// ctx is cancelled (the CLI got SIGINT or SIGTERM) the program gets
// SIGINT, not SIGKILL: migrate.Main rolls back the migration in progress
// and releases the migration lock; it is killed only after runnerGrace.
func (r *runner) run(ctx context.Context, databaseURL string, vt schema.QualifiedName, stdout, stderr io.Writer, args ...string) (int, error) {
	cmd := exec.CommandContext(ctx, r.bin, args...)
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
			// Windows cannot send SIGINT to a process.
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = runnerGrace
	cmd.Dir = r.dir
	cmd.Env = runnerEnv(os.Environ(), databaseURL, vt, r.env)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), nil
		}
		return 0, fmt.Errorf("run the migrations: %w", err)
	}
	return 0, nil
}

// buildAndValidate builds the migrations package into a runner of kind
// and reads and validates every migration's recorded changes (see
// [runner.records]), which must be what the reading without compiling
// says of each file it reads ([crossCheck]), and keeps their fingerprints
// for the verbs that build nothing (see [knownFingerprints]); the caller
// closes the runner.
func (a *App) buildAndValidate(ctx context.Context, p *project, kind runnerKind) (*runner, []migrate.Recorded, error) {
	start := time.Now()
	// The sources as they are before the build: the fingerprints it
	// gives are theirs (see rememberFingerprints).
	key, keyErr := sourcesKey(p)
	r, err := buildRunner(ctx, p, kind)
	if err != nil {
		return nil, nil, err
	}
	// For benchmarks (bench/cmd/schemabench): the time the build took.
	a.timing(start, "build the %s runner", kind.name())
	recs, err := r.records(ctx, p)
	if err == nil {
		err = crossCheck(p, recs)
	}
	if err != nil {
		r.Close()
		return nil, nil, err
	}
	if keyErr == nil {
		rememberFingerprints(p, key, recs)
	}
	return r, recs, nil
}

// records returns every migration's recorded changes, read from the built
// program and checked twice: by the runtime (migrate.Set.Validate, which
// the program's "dump" runs) and by [validateMigrations], with
// PostgreSQL's grammar. When the runtime refuses the migrations, the
// changes are read again unchecked, so that an offending text is reported
// at its string literal (file:line:col); the runtime's own message stands
// when that finds nothing.
func (r *runner) records(ctx context.Context, p *project) ([]migrate.Recorded, error) {
	recs, err := r.dump(ctx, "dump")
	if err != nil {
		if unchecked, uerr := r.dump(ctx, "dump-unchecked"); uerr == nil {
			if verr := validateMigrations(p, unchecked); verr != nil {
				return nil, verr
			}
		}
		return nil, err
	}
	if err := validateMigrations(p, recs); err != nil {
		return nil, err
	}
	return recs, nil
}

// dump runs the program's command cmd ("dump" or "dump-unchecked") and
// returns every migration's recorded changes: what replay and offline SQL
// work from.
func (r *runner) dump(ctx context.Context, cmd string) ([]migrate.Recorded, error) {
	var out, errOut bytes.Buffer
	code, err := r.run(ctx, "", migrate.DefaultVersionTable(), &out, &errOut, cmd)
	if err != nil {
		return nil, err
	}
	if code != 0 {
		return nil, fmt.Errorf("read the migrations: %s", strings.TrimSpace(errOut.String()))
	}
	var recs []migrate.Recorded
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&recs); err != nil {
		return nil, fmt.Errorf("read the migrations: %w; the migrations package links another version of schemagen's runtime (package migrate, the version go.mod requires) than the one this schemagen was built from: make the two the same", err)
	}
	return recs, nil
}

// pendingRunner is a runner being built and validated while the caller
// does other work (see [App.startBuild]).
type pendingRunner struct {
	cancel context.CancelFunc
	done   chan struct{}
	run    func() // the work, when it waits for wait
	r      *runner
	recs   []migrate.Recorded
	err    error
}

// startBuild starts [App.buildAndValidate] of a runner of kind. For the
// offline kind, when every migration file reads without compiling (see
// [App.staticSet]) nothing is built: wait returns the changes read so,
// and no runner. When the cache folder holds a program of that kind from
// an earlier build, the build runs at once, alongside whatever the
// caller does next (such as loading the models, itself a go command):
// the go build cache is then most likely warm, and two go commands that
// mostly find their work done take little more than one. Otherwise the
// build waits for wait: two go commands compiling the same standard
// library into an empty build cache at once would each do all the work.
// Close releases whatever wait did not hand over.
func (a *App) startBuild(ctx context.Context, p *project, kind runnerKind) *pendingRunner {
	ctx, cancel := context.WithCancel(ctx)
	pr := &pendingRunner{cancel: cancel, done: make(chan struct{})}
	if kind == offlineRunner {
		start := time.Now()
		set, notStatic, err := a.staticSet(p)
		switch {
		case err != nil:
			pr.err = err
		case notStatic == nil:
			pr.recs, pr.err = staticRecords(p, set)
			a.timing(start, "read the migrations without compiling")
		}
		if err != nil || notStatic == nil {
			close(pr.done)
			return pr
		}
	}
	pr.run = func() {
		defer close(pr.done)
		pr.r, pr.recs, pr.err = a.buildAndValidate(ctx, p, kind)
	}
	if runnerCached(p, kind) {
		go pr.run()
		pr.run = nil
	}
	return pr
}

// runnerCached reports whether the cache folder holds a program of kind
// built for p.
func runnerCached(p *project, kind runnerKind) bool {
	importPath, err := p.migrationsImportPath()
	if err != nil {
		return false
	}
	cache, err := runnerCacheDir(p.root, importPath)
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(cache, (&runnerBuild{kind: kind}).stableName()))
	return err == nil
}

// wait returns the runner and its validated records; the caller closes
// the runner.
func (pr *pendingRunner) wait() (*runner, []migrate.Recorded, error) {
	if pr.run != nil {
		pr.run()
		pr.run = nil
	}
	<-pr.done
	r := pr.r
	pr.r = nil
	return r, pr.recs, pr.err
}

// Close stops a build still running and removes a runner that wait did
// not return.
func (pr *pendingRunner) Close() {
	pr.cancel()
	if pr.run != nil {
		return // never started
	}
	<-pr.done
	if pr.r != nil {
		pr.r.Close()
	}
}
