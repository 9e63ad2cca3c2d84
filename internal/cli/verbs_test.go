package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/revid"
)

// verbModule is a module with hand-written migrations and no models, for
// the verbs that read the revision graph: no go command runs, and no
// database unless dbURL is set.
type verbModule struct {
	t     *testing.T
	dir   string
	dbURL string
	rand  []byte // the source of revision suffixes; nil: crypto/rand
}

// The graph of newVerbModule:
//
//	base 20260101000000 (old ID) -> 20260102000000_kfxd -> 20260103000000_kmbq (branch point)
//	  -> 20260104000000_bcdf (head)
//	  -> 20260104000001_zzzz -> 20260105000000_tvwx (head)
const (
	revBase   = "20260101000000"
	revSecond = "20260102000000_kfxd"
	revFork   = "20260103000000_kmbq"
	revHeadA  = "20260104000000_bcdf"
	revB1     = "20260104000001_zzzz"
	revHeadB  = "20260105000000_tvwx"
)

func newVerbModule(t *testing.T) *verbModule {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/verbs\n\ngo 1.26.0\n")
	mig := filepath.Join(dir, "migrations")
	writeFile(t, filepath.Join(mig, "set.go"), setFile)
	for _, m := range []struct{ rev, parent, table string }{
		{revBase, "", "a"},
		{revSecond, revBase, "b"},
		{revFork, revSecond, "c"},
		{revHeadA, revFork, "d"},
		{revB1, revFork, "e"},
		{revHeadB, revB1, "f"},
	} {
		writeFile(t, filepath.Join(mig, m.rev+"_create_"+m.table+".go"), migrationSource(m.rev, m.parent, m.table, ""))
	}
	// Nothing answers on port 1: history does without the database.
	return &verbModule{t: t, dir: dir, dbURL: "postgres://127.0.0.1:1/none?sslmode=disable&connect_timeout=2"}
}

func (m *verbModule) run(args ...string) (code int, stdout, stderr string) {
	m.t.Helper()
	var out, errOut bytes.Buffer
	a := &App{
		Stdout: &out, Stderr: &errOut, Dir: m.dir,
		Now: func() time.Time { return time.Date(2026, 12, 6, 15, 30, 12, 0, time.UTC) },
		Getenv: func(k string) string {
			if k == "DATABASE_URL" {
				return m.dbURL
			}
			return ""
		},
	}
	if m.rand != nil {
		a.Rand = bytes.NewReader(m.rand)
	}
	code = a.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// must runs schemagen and fails the test unless it exits with want; it
// returns stdout and stderr.
func (m *verbModule) must(want int, args ...string) (stdout, stderr string) {
	m.t.Helper()
	code, stdout, stderr := m.run(args...)
	if code != want {
		m.t.Fatalf("schemagen %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout, stderr)
	}
	return stdout, stderr
}

func TestShow(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	for _, arg := range []string{revFork, "kmbq", "km", "20260103", "20260103000000_k"} {
		out, _ := m.must(ExitOK, "show", arg)
		for _, want := range []string{
			"Rev: " + revFork + " (branchpoint)\n",
			"Parent: " + revSecond + "\n",
			"Branches into: " + revHeadA + ", " + revB1 + "\n",
			"Short ID: kmbq\n",
			"Path: ",
			revFork + "_create_c.go\n",
			"Date: 2026-01-03 00:00:00 UTC (from the revision ID)\n",
			"\n    create c\n",
			"changes:\n      execute CREATE TABLE c (id int)\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("show %s lacks %q:\n%s", arg, want, out)
			}
		}
	}
	out, _ := m.must(ExitOK, "show", revBase)
	for _, want := range []string{"Rev: " + revBase + " (base)\n", "Parent: <base>\n", "Child: " + revSecond + "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("show of the old-ID base lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Short ID") {
		t.Errorf("an old ID has no short ID:\n%s", out)
	}
	if out, _ := m.must(ExitOK, "show", "heads"); strings.Count(out, "(head)") != 2 {
		t.Errorf("show heads:\n%s", out)
	}
	for _, tc := range []struct{ arg, want string }{
		{"k", "is ambiguous: " + revSecond + " (create b), " + revFork + " (create c)"},
		{"2026010", "is ambiguous"},
		{"nope", `no revision "nope"`},
		{"head", "multiple heads"},
		{"base", "base is before the first revision"},
	} {
		code, _, stderr := m.run("show", tc.arg)
		if code != ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("show %s: exit %d, want %d with %q:\n%s", tc.arg, code, ExitError, tc.want, stderr)
		}
	}
	if code, _, stderr := m.run("show"); code != ExitError || !strings.Contains(stderr, "show needs a revision") {
		t.Errorf("show without a revision: exit %d\n%s", code, stderr)
	}
}

// TestShowMigrationThatDoesNotRead: a migration read only by compiling
// still shows, without its changes.
func TestShowMigrationThatDoesNotRead(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	src := migrationSource("20260106000000_hjkm", revHeadA, "g", "\nfunc helper() string { return \"x\" }\n")
	src = strings.Replace(src, `op.Execute("CREATE TABLE g (id int)")`, `op.Execute(helper())`, 1)
	writeFile(t, filepath.Join(m.dir, "migrations", "20260106000000_hjkm_g.go"), src)
	out, _ := m.must(ExitOK, "show", "hjkm")
	if !strings.Contains(out, "Rev: 20260106000000_hjkm (head)") || !strings.Contains(out, "changes: not read without compiling") {
		t.Errorf("show hjkm:\n%s", out)
	}
}

func TestBranches(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	out, _ := m.must(ExitOK, "branches")
	want := revFork + " (branchpoint) create c\n" +
		"  -> " + revHeadA + " (head) create d\n" +
		"  -> " + revB1 + " create e\n"
	if out != want {
		t.Errorf("branches:\n%s\nwant:\n%s", out, want)
	}
	out, _ = m.must(ExitOK, "branches", "-v")
	if !strings.HasPrefix(out, "Rev: "+revFork+" (branchpoint)\n") || !strings.Contains(out, "Branches into: ") || !strings.HasSuffix(out, want[strings.Index(want, "  ->"):]) {
		t.Errorf("branches -v:\n%s", out)
	}
	m.must(ExitError, "branches", "extra")
}

func TestBranchesNone(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	for _, rev := range []string{revHeadA} {
		if err := os.Remove(filepath.Join(m.dir, "migrations", rev+"_create_d.go")); err != nil {
			t.Fatal(err)
		}
	}
	if out, _ := m.must(ExitOK, "branches"); out != "" {
		t.Errorf("branches without a branch point:\n%s", out)
	}
}

// historyRevs returns the revisions history printed, in order.
func historyRevs(out string) []string {
	var revs []string
	re := regexp.MustCompile(`^[|*\\/ ]*\* (\S+)`)
	for _, line := range strings.Split(out, "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			revs = append(revs, m[1])
		}
	}
	return revs
}

func TestHistoryRange(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	all := []string{revHeadB, revB1, revHeadA, revFork, revSecond, revBase}
	for _, tc := range []struct {
		rng  string
		want []string
	}{
		{":", all},
		{"base:heads", all},
		{":" + revFork, []string{revFork, revSecond, revBase}},
		{":kmbq", []string{revFork, revSecond, revBase}},
		{"kfxd:kmbq", []string{revFork, revSecond}},
		{"kfxd:kfxd", []string{revSecond}},
		{"kmbq:", []string{revHeadB, revB1, revHeadA, revFork}},
		{"zzzz:", []string{revHeadB, revB1}},
		{"zzzz:heads", []string{revHeadB, revB1}},
		{revBase + ":" + revSecond, []string{revSecond, revBase}},
		{"-1:" + revFork, []string{revFork, revSecond}},
		{"-2:bcdf", []string{revHeadA, revFork, revSecond}},
		{"-1:", []string{revHeadB, revB1, revHeadA, revFork}},
		{"kfxd:+1", []string{revFork, revSecond}},
		{"kfxd:+2", []string{revB1, revHeadA, revFork, revSecond}},
		{":+1", []string{revBase}},
		{"base:+2", []string{revSecond, revBase}},
		{"bcdf:tvwx", nil}, // refused below: not an ancestor
	} {
		if tc.want == nil {
			continue
		}
		out, _ := m.must(ExitOK, "history", "-r", tc.rng)
		if got := historyRevs(out); !slices.Equal(got, tc.want) {
			t.Errorf("history -r %s = %v, want %v\n%s", tc.rng, got, tc.want, out)
		}
	}
	// A range cut below a revision makes it no base, and cut above it no
	// head; -v shows the real parents.
	out, _ := m.must(ExitOK, "history", "-v", "-r", "kfxd:kmbq")
	if strings.Contains(out, "(base)") || strings.Contains(out, "(head)") || !strings.Contains(out, "parents: "+revBase+";") {
		t.Errorf("history -v -r kfxd:kmbq:\n%s", out)
	}
	// The whole range draws the graph as history does.
	whole, _ := m.must(ExitOK, "history")
	if out, _ := m.must(ExitOK, "history", "-r", ":"); out != whole {
		t.Errorf("history -r : differs from history:\n%s\nwant:\n%s", out, whole)
	}
	for _, tc := range []struct{ rng, want string }{
		{"kmbq", "want LOWER:UPPER"},
		{"a:b:c", "want LOWER:UPPER"},
		{"", ""}, // no range: the whole history
		{"+1:", "+1 cannot be the lower bound"},
		{":-1", "-1 cannot be the upper bound"},
		{"-0:", `bad relative bound "-0"`},
		{"-x:", `bad relative bound "-x"`},
		{"-1:+1", "one side must name a revision"},
		{" kmbq:", "white space"},
		{"nope:", `no revision "nope"`},
		{"k:", "is ambiguous"},
		{"bcdf:tvwx", "is not an ancestor of"},
		{"current:", "current needs the database"},
	} {
		if tc.want == "" {
			continue
		}
		code, _, stderr := m.run("history", "-r", tc.rng)
		if code != ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("history -r %q: exit %d, want %d with %q:\n%s", tc.rng, code, ExitError, tc.want, stderr)
		}
	}
}

func TestHeadsVerbose(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	out, _ := m.must(ExitOK, "heads")
	if out != revHeadA+" (head) create d\n"+revHeadB+" (head) create f\n" {
		t.Errorf("heads:\n%s", out)
	}
	out, _ = m.must(ExitOK, "heads", "-v")
	for _, want := range []string{"Rev: " + revHeadA + " (head)\nParent: " + revFork, "Rev: " + revHeadB + " (head)\nParent: " + revB1, "execute CREATE TABLE f (id int)"} {
		if !strings.Contains(out, want) {
			t.Errorf("heads -v lacks %q:\n%s", want, out)
		}
	}
}

// TestCurrentVerbose needs a database: current -v shows the details of
// the revision the database is at.
func TestCurrentVerbose(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL; runs without -short")
	}
	t.Parallel()
	m := newVerbModule(t)
	_, m.dbURL = pgtest.DB(t)
	out, _ := m.must(ExitOK, "current", "-v")
	if out != "base (no revision applied)\n" {
		t.Errorf("current -v at base:\n%s", out)
	}
	m.must(ExitOK, "stamp", "kfxd")
	out, _ = m.must(ExitOK, "current")
	if !strings.HasPrefix(out, revSecond+" create b") {
		t.Errorf("current:\n%s", out)
	}
	out, _ = m.must(ExitOK, "current", "-v")
	for _, want := range []string{"Rev: " + revSecond + "\n", "Parent: " + revBase + "\n", "Child: " + revFork + "\n", "execute CREATE TABLE b (id int)"} {
		if !strings.Contains(out, want) {
			t.Errorf("current -v lacks %q:\n%s", want, out)
		}
	}
	// history -r current: resolves the database's revision.
	out, _ = m.must(ExitOK, "history", "-r", "current:+1")
	if got := historyRevs(out); !slices.Equal(got, []string{revFork, revSecond}) {
		t.Errorf("history -r current:+1 = %v\n%s", got, out)
	}
	out, _ = m.must(ExitOK, "history", "-r", ":current")
	if got := historyRevs(out); !slices.Equal(got, []string{revSecond, revBase}) {
		t.Errorf("history -r :current = %v\n%s", got, out)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}} {
		out, stderr := m.must(ExitOK, args...)
		if !strings.HasPrefix(out, "usage: schemagen [flags] COMMAND [args]") || !strings.Contains(out, "  show ") || stderr != "" {
			t.Errorf("schemagen %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out, stderr)
		}
	}
	for _, args := range [][]string{{"help", "revision"}, {"revision", "--help"}, {"revision", "-h"}, {"-C", ".", "revision", "--help"}} {
		out, stderr := m.must(ExitOK, args...)
		if !strings.HasPrefix(out, "usage: schemagen revision [-m MSG] [--autogenerate]") || !strings.Contains(out, "-autogenerate") || stderr != "" {
			t.Errorf("schemagen %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out, stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, `help: unknown command "frobnicate"`},
		{[]string{"help", "a", "b"}, "help takes one command at most"},
		{[]string{}, "no command given"},
		{[]string{"--nope"}, "flag provided but not defined"},
		{[]string{"revision", "--nope"}, "flag provided but not defined"},
	} {
		code, stdout, stderr := m.run(tc.args...)
		if code != ExitError || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "usage: schemagen") || stdout != "" {
			t.Errorf("schemagen %s: exit %d, want %d with %q and the usage on stderr\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), code, ExitError, tc.want, stdout, stderr)
		}
	}
	// help runs outside a module too.
	empty := &verbModule{t: t, dir: t.TempDir()}
	if out, _ := empty.must(ExitOK, "help", "show"); !strings.HasPrefix(out, "usage: schemagen show REV...") {
		t.Errorf("help show outside a module:\n%s", out)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, _ := m.must(ExitOK, args...)
		if !strings.HasPrefix(out, "schemagen ") || !strings.Contains(out, "built with go") {
			t.Errorf("schemagen %s:\n%s", strings.Join(args, " "), out)
		}
	}
	m.must(ExitError, "version", "extra")
	empty := &verbModule{t: t, dir: t.TempDir()}
	empty.must(ExitOK, "--version")
}

func TestVersionLines(t *testing.T) {
	t.Parallel()
	vcs := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0487d4a1"}, {Key: "vcs.time", Value: "2026-12-06T13:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	const noVCS = "vcs revision unknown (built without VCS information: go build in a clone, not a git worktree, with -buildvcs not false, records it)"
	for _, tc := range []struct {
		name    string
		bi      *debug.BuildInfo
		project string // the module the run is in
		want    []string
	}{
		// Built from a clone: schemagen is the main module, no checksum,
		// no replacement. The project the run is in is not printed.
		{"a clone build with VCS settings, modified", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v0.0.0-20261206134701-9abf501715ba+dirty"}, Settings: vcs}, "example.com/app",
			[]string{"schemagen v0.0.0-20261206134701-9abf501715ba+dirty", "vcs revision 0487d4a1 of 2026-12-06T13:00:00Z, modified", "built with go1.26.0"}},
		{"a clean clone build", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.0.0-20261206134701-9abf501715ba"}, Settings: vcs[:3]}, "",
			[]string{"schemagen v0.0.0-20261206134701-9abf501715ba", "vcs revision 0487d4a1 of 2026-12-06T13:00:00Z"}},
		{"a clone build of a tag", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3"}, Settings: vcs[:3]}, "",
			[]string{"schemagen v1.2.3", "vcs revision 0487d4a1 of 2026-12-06T13:00:00Z"}},
		{"a clone build without VCS (devel)", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "(devel)"}}, "",
			[]string{"schemagen (devel)", noVCS, "built with go1.26.8"}},
		// go tool schemagen in a user module: the main module of the
		// tool's build is schemagen, with the project's replacement or
		// the checksum of the version the project requires.
		{"go tool in a user module with replace", &debug.BuildInfo{GoVersion: "go1.26.8", Path: modulePath + "/cmd/schemagen", Main: debug.Module{Path: modulePath, Version: "v0.0.0", Replace: &debug.Module{Path: "/path/clone", Version: "(devel)"}}}, "example.com/app",
			[]string{"schemagen v0.0.0, replaced by /path/clone (devel)", "in project example.com/app", "built with go1.26.8"}},
		{"go tool in a user module, replaced by a module version", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3", Replace: &debug.Module{Path: "example.com/fork", Version: "v1.2.4", Sum: "h1:x"}}}, "example.com/app",
			[]string{"schemagen v1.2.3, replaced by example.com/fork v1.2.4", "in project example.com/app"}},
		{"go tool in a user module with a published version", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: modulePath, Version: "v1.2.3", Sum: "h1:abc="}, Settings: vcs[:1]}, "example.com/app",
			[]string{"schemagen v1.2.3", "in project example.com/app", "built with go1.26.8"}},
		{"go install of a published version, outside a module", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3", Sum: "h1:abc="}}, "",
			[]string{"schemagen v1.2.3"}},
		// Another main module linking schemagen in: it is the project.
		{"a dependency of another main module", &debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}, Deps: []*debug.Module{{Path: "golang.org/x/mod", Version: "v0.1.0"}, {Path: modulePath, Version: "v0.0.0", Replace: &debug.Module{Path: "../schemagen"}}}}, "",
			[]string{"schemagen v0.0.0, replaced by ../schemagen", "in project example.com/app"}},
		{"not found", &debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}}, "",
			[]string{"schemagen (unknown)", "in project example.com/app"}},
	} {
		got := versionLines(tc.bi, true, tc.project)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: versionLines = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := versionLines(nil, false, ""); len(got) != 1 || !strings.Contains(got[0], "no build information") {
		t.Errorf("versionLines without build information = %q", got)
	}
}

// TestMergeOneHead: merge heads with one head, or none, is a no-op that
// exits 0, so that a Makefile running it goes on.
func TestMergeOneHead(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	if err := os.Remove(filepath.Join(m.dir, "migrations", revHeadA+"_create_d.go")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadDir(filepath.Join(m.dir, "migrations"))
	for _, args := range [][]string{{"merge", "heads"}, {"merge", "-m", "x", "heads"}} {
		out, _ := m.must(ExitOK, args...)
		if out != "nothing to merge: one head ("+revHeadB+")\n" {
			t.Errorf("schemagen %s:\n%s", strings.Join(args, " "), out)
		}
	}
	after, _ := os.ReadDir(filepath.Join(m.dir, "migrations"))
	if len(after) != len(before) {
		t.Errorf("merge with one head wrote a file: %d files, was %d", len(after), len(before))
	}
	m.must(ExitError, "merge", "head")
	empty := &verbModule{t: t, dir: t.TempDir()}
	writeFile(t, filepath.Join(empty.dir, "go.mod"), "module example.com/empty\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(empty.dir, "migrations", "set.go"), setFile)
	if out, _ := empty.must(ExitOK, "merge", "heads"); out != "nothing to merge: no revisions\n" {
		t.Errorf("merge heads without revisions:\n%s", out)
	}
}

// TestNewRevisionIDs: revision writes TIMESTAMP_SUFFIX IDs whose suffix
// no revision has, and the file is named after it; the new revision
// resolves by its suffix. A merge of two heads does the same.
func TestNewRevisionIDs(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	// The first draw repeats kfxd's suffix: it is drawn again.
	k, f, x, d := byte(strings.IndexByte(revid.Alphabet, 'k')), byte(strings.IndexByte(revid.Alphabet, 'f')), byte(strings.IndexByte(revid.Alphabet, 'x')), byte(strings.IndexByte(revid.Alphabet, 'd'))
	m.rand = []byte{k, f, x, d, 1, 2, 3, 4}
	out, _ := m.must(ExitOK, "merge", "heads")
	const rev = "20261206153012_cdfg"
	if !strings.Contains(out, rev+"_merge_"+revHeadA) {
		t.Fatalf("merge heads:\n%s", out)
	}
	m.rand = []byte{4, 5, 6, 7}
	out, _ = m.must(ExitOK, "revision", "-m", "Add tasks.estimate")
	// The merge has the clock's second: the next revision the one after.
	if !strings.Contains(out, "20261206153013_ghjk_add_tasks_estimate.go") {
		t.Fatalf("revision:\n%s", out)
	}
	out, _ = m.must(ExitOK, "show", "gh")
	if !strings.Contains(out, "Rev: 20261206153013_ghjk (head)\nParent: "+rev+"\n") {
		t.Errorf("show gh:\n%s", out)
	}
	// Random suffixes: ten revisions in one second, ten suffixes, and
	// ten seconds, so that the files list in the order written.
	m.rand = nil
	seen := map[string]bool{}
	var names []string
	for range 10 {
		out, _ := m.must(ExitOK, "revision")
		name := filepath.Base(strings.TrimSpace(strings.TrimPrefix(out, "wrote ")))
		s, ok := revid.Suffix(strings.TrimSuffix(name, ".go"))
		if !ok || seen[s] {
			t.Fatalf("revision wrote %s: suffix %q taken or missing", name, s)
		}
		seen[s] = true
		names = append(names, name)
	}
	if !slices.IsSorted(names) || !strings.HasPrefix(names[9], "20261206153023_") {
		t.Errorf("the files of revisions written in one second: %v", names)
	}
}

// TestAutogenerateMessage: revision --autogenerate --offline without -m
// (as go generate runs it) names the migration after its changes.
func TestAutogenerateMessage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/msg\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(dir, "migrations", "set.go"), setFile)
	models := func(src string) {
		writeFile(t, filepath.Join(dir, "models", "models.go"), "package models\n\n"+src)
	}
	m := &verbModule{t: t, dir: dir}
	models("//schemagen:table tasks\ntype Task struct {\n\tID int64 `db:\"id,pk\"`\n\tTitle string `db:\"title\"`\n}\n")
	out, _ := m.must(ExitOK, "--models", "./models", "revision", "--autogenerate", "--offline")
	if !strings.Contains(out, "_create_table_tasks.go\n") {
		t.Fatalf("first autogenerate:\n%s", out)
	}
	models("//schemagen:table tasks\ntype Task struct {\n\tID int64 `db:\"id,pk\"`\n\tTitle string `db:\"title,type:varchar(80)\"`\n\tEstimate *int32 `db:\"estimate\"`\n}\n\n" +
		"//schemagen:table labels\ntype Label struct {\n\tID int64 `db:\"id,pk\"`\n}\n")
	out, _ = m.must(ExitOK, "--models", "./models", "revision", "--autogenerate", "--offline", "--allow-hazards", "all")
	files, _ := filepath.Glob(filepath.Join(dir, "migrations", "2*.go"))
	slices.Sort(files)
	if len(files) != 2 {
		t.Fatalf("migrations: %v\n%s", files, out)
	}
	src, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	// In the differ's order; the file name's slug is cut at 40 bytes.
	const want = "alter tasks.title type, add tasks.estimate and create table labels"
	if !strings.Contains(string(src), "Message:      \""+want+"\"") || !strings.HasSuffix(files[1], "_alter_tasks_title_type.go") {
		t.Errorf("second migration %s:\n%s", filepath.Base(files[1]), src)
	}
	// -m still wins.
	models("//schemagen:table tasks\ntype Task struct {\n\tID int64 `db:\"id,pk\"`\n}\n")
	out, _ = m.must(ExitOK, "--models", "./models", "revision", "--autogenerate", "--offline", "--allow-hazards", "all", "--no-archive", "-m", "Slim tasks")
	if !strings.Contains(out, "_slim_tasks.go\n") {
		t.Errorf("autogenerate with -m:\n%s", out)
	}
}

// TestSuffixTargets: the verbs that take targets resolve a suffix too,
// without a database (`--sql`), as the built program does (migrate.Main
// resolves through the same graph).
func TestSuffixTargets(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	out, _ := m.must(ExitOK, "upgrade", "--sql", "kfxd:kmbq")
	if !strings.Contains(out, "CREATE TABLE c") || strings.Contains(out, "CREATE TABLE b") || strings.Contains(out, "CREATE TABLE d") {
		t.Errorf("upgrade --sql kfxd:kmbq:\n%s", out)
	}
	out, _ = m.must(ExitOK, "downgrade", "--sql", "tvwx:km")
	if !strings.Contains(out, "DROP TABLE f") || !strings.Contains(out, "DROP TABLE e") || strings.Contains(out, "DROP TABLE c") {
		t.Errorf("downgrade --sql tvwx:km:\n%s", out)
	}
	if code, _, stderr := m.run("upgrade", "--sql", "k"); code != ExitError || !strings.Contains(stderr, "ambiguous") {
		t.Errorf("upgrade --sql k: exit %d\n%s", code, stderr)
	}
}
