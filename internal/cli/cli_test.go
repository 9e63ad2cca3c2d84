package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/revid"
)

// repoRoot is the schemagen module root, which test modules replace
// github.com/schemagen/schemagen with.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// testModule is a throw-away Go module with models, migrations and a
// database of its own.
type testModule struct {
	t     *testing.T
	dir   string
	dbURL string
	// env holds the environment variables other than DATABASE_URL that
	// schemagen sees.
	env   map[string]string
	clock time.Time
}

// newTestModule creates a module in a temp folder whose go.mod replaces
// schemagen with this checkout, and a fresh database for it.
func newTestModule(t *testing.T) *testModule {
	t.Helper()
	if testing.Short() {
		// Every command of a test module may build the migrations with the
		// go command and run them against PostgreSQL: the full suite's
		// work, not -short's.
		t.Skip("builds and runs migrations against PostgreSQL; runs without -short (make test)")
	}
	_, dbURL := pgtest.DB(t)
	root := repoRoot(t)
	dir := t.TempDir()
	gomod := "module example.com/rt\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/schemagen/schemagen v0.0.0\n\tgithub.com/lib/pq v1.12.3\n)\n\nreplace github.com/schemagen/schemagen => " + root + "\n"
	writeFile(t, filepath.Join(dir, "go.mod"), gomod)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	return &testModule{t: t, dir: dir, dbURL: dbURL, clock: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setModels replaces the module's models package with the .go files of
// src.
func (m *testModule) setModels(src string) {
	m.t.Helper()
	dst := filepath.Join(m.dir, "models")
	if err := os.RemoveAll(dst); err != nil {
		m.t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		m.t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			m.t.Fatal(err)
		}
		writeFile(m.t, filepath.Join(dst, e.Name()), string(b))
	}
}

// run runs schemagen in the module and returns its exit code and output.
func (m *testModule) run(args ...string) (code int, stdout, stderr string) {
	m.t.Helper()
	return m.runEnv(nil, args...)
}

// runEnv runs schemagen in the module as run does, with env overriding the
// environment it sees (DATABASE_URL, then m.env).
func (m *testModule) runEnv(env map[string]string, args ...string) (code int, stdout, stderr string) {
	m.t.Helper()
	var out, errOut bytes.Buffer
	// Each command is a minute later, so revision IDs are distinct and
	// predictable.
	m.clock = m.clock.Add(time.Minute)
	now := m.clock
	a := &App{
		Stdout: &out, Stderr: &errOut, Dir: m.dir,
		Now: func() time.Time { return now },
		Getenv: func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			if k == "DATABASE_URL" {
				return m.dbURL
			}
			return m.env[k]
		},
	}
	code = a.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// must runs schemagen and fails the test unless it exits with want.
func (m *testModule) must(want int, args ...string) string {
	m.t.Helper()
	code, stdout, stderr := m.run(args...)
	if code != want {
		m.t.Fatalf("schemagen %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout, stderr)
	}
	return stdout + stderr
}

func (m *testModule) migrationFiles() []string {
	m.t.Helper()
	matches, err := filepath.Glob(filepath.Join(m.dir, "migrations", "2*.go"))
	if err != nil {
		m.t.Fatal(err)
	}
	return matches
}

// TestRoundTrip runs the whole loop for every model package under
// testdata/models: from an empty database autogenerate, upgrade, check,
// downgrade base (only the version table is left), upgrade again; then
// the changed models (v2) autogenerate a second migration that applies
// and checks clean.
func TestRoundTrip(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "models", "*", "v1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no model packages under testdata/models")
	}
	for _, v1 := range cases {
		caseDir := filepath.Dir(v1)
		t.Run(filepath.Base(caseDir), func(t *testing.T) {
			t.Parallel()
			m := newTestModule(t)
			m.setModels(v1)
			m.must(ExitOK, "init")
			m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
			if got := len(m.migrationFiles()); got != 1 {
				t.Fatalf("after the first autogenerate: %d migration files, want 1", got)
			}
			m.must(ExitOK, "upgrade")
			m.must(ExitOK, "check")
			out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing")
			if !strings.Contains(out, "no changes") || len(m.migrationFiles()) != 1 {
				t.Fatalf("autogenerate right after upgrade wrote a migration:\n%s", out)
			}

			m.must(ExitOK, "downgrade", "base")
			assertOnlyVersionTable(t, m.dbURL)
			m.must(ExitOK, "upgrade", "head")

			m.setModels(filepath.Join(caseDir, "v2"))
			m.must(ExitDrift, "check")
			m.must(ExitOK, "revision", "--autogenerate", "-m", "change models")
			if got := len(m.migrationFiles()); got != 2 {
				t.Fatalf("after the second autogenerate: %d migration files, want 2", got)
			}
			m.reviewHazards()
			// The database is one revision behind head now.
			for _, args := range [][]string{{"check"}, {"revision", "--autogenerate", "-m", "too early"}} {
				if out := m.must(ExitError, args...); !strings.Contains(out, "needs the database at head") {
					t.Errorf("schemagen %s behind head: %s", strings.Join(args, " "), out)
				}
			}
			m.must(ExitOK, "upgrade")
			m.must(ExitOK, "check")
			// The second migration's downgrade restores v1, and up again.
			m.must(ExitOK, "downgrade", "-1")
			m.must(ExitOK, "upgrade", "+1")
			m.must(ExitOK, "check")
			m.must(ExitOK, "downgrade", "base")
			assertOnlyVersionTable(t, m.dbURL)
		})
	}
}

func assertOnlyVersionTable(t *testing.T, dbURL string) {
	t.Helper()
	db := openURL(t, dbURL)
	s, err := catalog.Inspect(context.Background(), db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range s.Tables {
		names = append(names, tb.QualifiedName().String())
	}
	if len(s.Schemas) != 0 || !slices.Equal(names, []string{"schemagen_version", "schemagen_version_fingerprint"}) {
		t.Fatalf("after downgrade base: schemas %v, tables %v; want only the version table and its fingerprints", s.Schemas, names)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM public.schemagen_version_fingerprint`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after downgrade base: %d fingerprints (%v), want none", n, err)
	}
}

func openURL(t *testing.T, dbURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestBranchesAndMerge makes two migrations on the same parent, as two
// developers would on two branches, and merges them.
func TestBranchesAndMerge(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	base := m.migrationFiles()[0]

	// Branch a, then branch b on the same parent: hide a while b is made.
	m.must(ExitOK, "revision", "-m", "branch a")
	a := newestFile(t, m.migrationFiles(), base)
	hidden := filepath.Join(m.dir, "a.go.hidden")
	if err := os.Rename(a, hidden); err != nil {
		t.Fatal(err)
	}
	m.must(ExitOK, "revision", "-m", "branch b")
	b := newestFile(t, m.migrationFiles(), base)
	if err := os.Rename(hidden, a); err != nil {
		t.Fatal(err)
	}
	fillTemplate(t, a, `op.Execute("CREATE TABLE branch_a (id int)")`, `op.Execute("DROP TABLE branch_a")`)
	fillTemplate(t, b, `op.Execute("CREATE TABLE branch_b (id int)")`, `op.Execute("DROP TABLE branch_b")`)
	revA, revB := revisionOf(a), revisionOf(b)

	heads := m.must(ExitOK, "heads")
	for _, rev := range []string{revA, revB} {
		if !strings.Contains(heads, rev) {
			t.Errorf("heads does not list %s:\n%s", rev, heads)
		}
	}
	refused := m.must(ExitError, "upgrade", "head")
	for _, want := range []string{revA, revB, "schemagen merge heads"} {
		if !strings.Contains(refused, want) {
			t.Errorf("upgrade head with two heads: message lacks %q:\n%s", want, refused)
		}
	}

	m.must(ExitOK, "merge", "-m", "join branches", "heads")
	if heads := m.must(ExitOK, "heads"); strings.Count(heads, "(head)") != 1 {
		t.Fatalf("after merge, heads:\n%s", heads)
	}
	m.must(ExitOK, "upgrade")
	db := openURL(t, m.dbURL)
	assertTables(t, db, map[string]bool{"branch_a": true, "branch_b": true})
	history := m.must(ExitOK, "history")
	for _, want := range []string{"(merge)", "(current)", "|/", "|\\"} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q:\n%s", want, history)
		}
	}

	// Down through the merge: -1 is ambiguous there and lists the
	// choices; MERGE@-1 undoes the merge alone, both branches stay; then
	// undo one of them.
	merge := revisionOf(newestFile(t, m.migrationFiles(), ""))
	ambiguous := m.must(ExitError, "downgrade", "-1")
	for _, want := range []string{"downgrade -1 is ambiguous: it reaches merge revision " + merge, "downgrade " + merge + "@-1  undoes " + merge, "downgrade " + revA + " "} {
		if !strings.Contains(ambiguous, want) {
			t.Errorf("downgrade -1 at the merge: message lacks %q:\n%s", want, ambiguous)
		}
	}
	m.must(ExitOK, "downgrade", merge+"@-1")
	current := m.must(ExitOK, "current")
	if !strings.Contains(current, revA) || !strings.Contains(current, revB) {
		t.Fatalf("after undoing the merge, current should list both branches:\n%s", current)
	}
	m.must(ExitOK, "downgrade", revA)
	assertTables(t, db, map[string]bool{"branch_a": true, "branch_b": false})
	m.must(ExitOK, "upgrade", "heads")
	m.must(ExitOK, "upgrade", "head")
	assertTables(t, db, map[string]bool{"branch_a": true, "branch_b": true})
	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
}

func newestFile(t *testing.T, files []string, except string) string {
	t.Helper()
	var newest string
	for _, f := range files {
		if f != except && f > newest {
			newest = f
		}
	}
	if newest == "" {
		t.Fatal("no new migration file")
	}
	return newest
}

// revisionOf returns the revision ID of a migration file written by
// schemagen, from its name: TIMESTAMP_SUFFIX_slug.go, or
// TIMESTAMP_slug.go for an older ID (see package revid).
func revisionOf(path string) string {
	rev, rest, _ := strings.Cut(strings.TrimSuffix(filepath.Base(path), ".go"), "_")
	if s, _, _ := strings.Cut(rest, "_"); len(s) == revid.SuffixLen && strings.Trim(s, revid.Alphabet) == "" {
		return rev + "_" + s
	}
	return rev
}

// fillTemplate puts up and down into the bodies of a template migration,
// replacing the examples they hold.
func fillTemplate(t *testing.T, path, up, down string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	bodies := templateBody.FindAllStringSubmatchIndex(src, -1)
	if len(bodies) != 2 || !strings.Contains(src, "// op.Execute") {
		t.Fatalf("%s: template does not have two bodies with examples:\n%s", path, src)
	}
	// Replace the later body first, so that the first's offsets hold.
	src = src[:bodies[1][2]] + down + src[bodies[1][3]:]
	src = src[:bodies[0][2]] + up + src[bodies[0][3]:]
	writeFile(t, path, src)
}

// templateBody matches the body of an Upgrade or Downgrade function of a
// migration file; its group is the text between the braces.
var templateBody = regexp.MustCompile(`(?s)grade: func\(op \*migrate\.Op\) \{\n(.*?)\n\t\t\},`)

func assertTables(t *testing.T, db *sql.DB, want map[string]bool) {
	t.Helper()
	for name, exists := range want {
		var got bool
		if err := db.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, "public."+name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != exists {
			t.Errorf("table %s exists: %v, want %v", name, got, exists)
		}
	}
}

// TestVersionTableInOwnSchema keeps the version table in a schema of its
// own, set in schemagen.toml: that schema is never taken for drift.
func TestVersionTableInOwnSchema(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "selfref", "v1"))
	writeFile(t, filepath.Join(m.dir, ConfigFile), "models = [\"./models\"]\nmigrations = \"db/migrations\"\nversion_table = \"meta.revisions\"\n")
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	db := openURL(t, m.dbURL)
	var rev string
	if err := db.QueryRow(`SELECT revision FROM meta.revisions`).Scan(&rev); err != nil {
		t.Fatalf("read the configured version table: %v", err)
	}
	if out := m.must(ExitOK, "current"); !strings.Contains(out, rev) {
		t.Errorf("current = %q, want %s", out, rev)
	}
	m.must(ExitOK, "downgrade", "base")
}
