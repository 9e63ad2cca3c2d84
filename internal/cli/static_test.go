package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/migfile"
	"github.com/schemagen/schemagen/migrate"
)

// TestOneReader is issue 12's case of two readers: a migration that
// imports migrate under another name, and one that a build constraint
// leaves out (and one in a _test.go file). history, heads and merge see
// what upgrade applies: the aliased one, not the others.
func TestOneReader(t *testing.T) {
	m := newTestModule(t)
	m.must(ExitOK, "init")
	mig := filepath.Join(m.dir, "migrations")
	writeFile(t, filepath.Join(mig, "20260101000001_a.go"), migrationSource("20260101000001", "", "a", ""))
	aliased := strings.Replace(migrationSource("20260101000002", "20260101000001", "b", ""), `import "github.com/schemagen/schemagen/migrate"`, `import mg "github.com/schemagen/schemagen/migrate"`, 1)
	aliased = strings.ReplaceAll(aliased, "migrate.", "mg.")
	writeFile(t, filepath.Join(mig, "20260101000002_b.go"), aliased)
	// Either would fork the graph if it counted.
	writeFile(t, filepath.Join(mig, "20260101000003_c.go"), "//go:build ignore\n\n"+migrationSource("20260101000003", "20260101000001", "c", ""))
	writeFile(t, filepath.Join(mig, "20260101000004_d_test.go"), migrationSource("20260101000004", "20260101000001", "d", ""))

	if out := m.must(ExitOK, "heads"); !strings.HasPrefix(out, "20260101000002 (head)") || strings.Count(out, "(head)") != 1 {
		t.Errorf("heads:\n%s", out)
	}
	if out := m.must(ExitOK, "history"); !strings.Contains(out, "20260101000002") || strings.Contains(out, "20260101000003") || strings.Contains(out, "20260101000004") {
		t.Errorf("history:\n%s", out)
	}
	if out := m.must(ExitOK, "merge", "heads"); !strings.Contains(out, "nothing to merge: one head (20260101000002)") {
		t.Errorf("merge heads:\n%s", out)
	}
	script := m.must(ExitOK, "upgrade", "--sql")
	if !strings.Contains(script, "CREATE TABLE b") || strings.Contains(script, "CREATE TABLE c") || strings.Contains(script, "CREATE TABLE d") {
		t.Errorf("upgrade --sql:\n%s", script)
	}
	m.must(ExitOK, "upgrade")
	if out := m.must(ExitOK, "current"); !strings.Contains(out, "20260101000002") {
		t.Errorf("current after upgrade:\n%s", out)
	}
}

// TestOfflineVerbsCompileNothing runs the offline verbs on migrations
// that read without compiling: no runner is built, `upgrade --sql` and
// `downgrade --sql` need no go command at all and print what the
// compiled program prints (SCHEMAGEN_COMPILE=1). A file that needs the
// compiler makes them build the runner, and says why with
// SCHEMAGEN_TIMINGS=1.
func TestOfflineVerbsCompileNothing(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "--allow-hazards", "all", "-m", "create models")
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v2"))
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "--allow-hazards", "all", "-m", "change models")
	timings := map[string]string{"SCHEMAGEN_TIMINGS": "1"}
	code, stdout, stderr := m.runEnv(timings, "check", "--offline")
	if code != ExitOK || !strings.Contains(stderr, "read the migrations without compiling") || strings.Contains(stderr, "runner") {
		t.Errorf("check --offline: exit %d\n%s%s", code, stdout, stderr)
	}
	p, err := loadProject(m.dir, &globalFlags{}, func(string) string { return "" }, true)
	if err != nil {
		t.Fatal(err)
	}
	if runnerCached(p, offlineRunner) || runnerCached(p, dbRunner) {
		t.Error("an offline verb built a runner")
	}

	compiled := map[string]string{"SCHEMAGEN_COMPILE": "1"}
	var want [2]string
	for i, args := range [][]string{{"upgrade", "--sql"}, {"downgrade", "--sql", "base"}} {
		code, stdout, stderr := m.runEnv(compiled, args...)
		if code != ExitOK || !runnerCached(p, offlineRunner) {
			t.Fatalf("SCHEMAGEN_COMPILE=1 schemagen %s: exit %d, runner built %v\n%s", strings.Join(args, " "), code, runnerCached(p, offlineRunner), stderr)
		}
		want[i] = stdout + stderr
	}
	t.Setenv("PATH", noGoPath(t))
	for i, args := range [][]string{{"upgrade", "--sql"}, {"downgrade", "--sql", "base"}} {
		if out := m.must(ExitOK, args...); out != want[i] {
			t.Errorf("schemagen %s with no go command:\n%s\nwant what the compiled program prints:\n%s", strings.Join(args, " "), out, want[i])
		}
	}
	if code, _, stderr := m.run("upgrade", "--sql", "nosuchrev"); code != ExitError || !strings.Contains(stderr, "nosuchrev") {
		t.Errorf("upgrade --sql to an unknown revision: exit %d\n%s", code, stderr)
	}

	// A file that needs the compiler.
	writeFile(t, filepath.Join(m.dir, "migrations", "zz_extra.go"), "package migrations\n\nconst extra = 1\n")
	if code, _, stderr := m.run("upgrade", "--sql"); code == ExitOK {
		t.Errorf("upgrade --sql built a runner with no go command:\n%s", stderr)
	}
}

// TestOfflineVerbsNeedTheCompiler checks that a package with a file that
// does not read statically is compiled, and that the reason is given.
func TestOfflineVerbsNeedTheCompiler(t *testing.T) {
	m := offlineModule(t)
	mig := filepath.Join(m.dir, "migrations")
	writeFile(t, filepath.Join(mig, "20260101000001_a.go"), migrationSource("20260101000001", "", "a", ""))
	writeFile(t, filepath.Join(mig, "zz_extra.go"), "package migrations\n\nconst extra = 1\n")
	code, stdout, stderr := m.runEnv(map[string]string{"SCHEMAGEN_TIMINGS": "1"}, "upgrade", "--sql")
	if code != ExitOK || !strings.Contains(stdout, "CREATE TABLE a") ||
		!strings.Contains(stderr, "zz_extra.go:3:1: the file declares extra") || !strings.Contains(stderr, "build the offline runner") {
		t.Errorf("upgrade --sql with a file that needs the compiler: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestCrossCheckMismatch makes the compiled package disagree with the
// reading without compiling (a file that redeclares true): the verbs that
// build the runner refuse, naming the migration's file.
func TestCrossCheckMismatch(t *testing.T) {
	m := offlineModule(t)
	mig := filepath.Join(m.dir, "migrations")
	writeFile(t, filepath.Join(mig, "20260101000001_a.go"), migrationSource("20260101000001", "", "a", ""))
	writeFile(t, filepath.Join(mig, "20260101000002_b.go"), strings.Replace(migrationSource("20260101000002", "20260101000001", "b", ""), `Message:  "create b",`, `Message:  "create b", NoTransaction: true,`, 1))
	writeFile(t, filepath.Join(mig, "zz_true.go"), "package migrations\n\nconst true = false\n")
	if out := m.must(ExitError, "upgrade", "--sql"); !strings.Contains(out, "20260101000002_b.go:6:10: revision 20260101000002: NoTransaction reads true without compiling, false compiled") {
		t.Errorf("upgrade --sql with readings that differ:\n%s", out)
	}
}

// TestExampleStaticEqualsCompiled writes the migrations of the example
// module (testdata/example: its models, then its changed invoice) and
// checks that reading them without compiling gives what the compiled
// program records.
func TestExampleStaticEqualsCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example's migrations with the go command")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	edit := exec.Command("go", "mod", "edit", "-replace", "github.com/schemagen/schemagen="+root)
	edit.Dir = dir
	if out, err := edit.CombinedOutput(); err != nil {
		t.Fatalf("go mod edit: %v\n%s", err, out)
	}
	m := &testModule{t: t, dir: dir, dbURL: closedPortURL, clock: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "create the shop")
	change, err := os.ReadFile(filepath.Join(dir, "changes", "models", "invoice.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "models", "invoice.go"), string(change))
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "change the invoice")
	if n := len(m.migrationFiles()); n != 2 {
		t.Fatalf("%d migrations written, want 2", n)
	}

	p, err := loadProject(dir, &globalFlags{}, func(string) string { return "" }, true)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := readPackage(p)
	if err != nil {
		t.Fatal(err)
	}
	set, err := pkg.Set()
	if err != nil {
		t.Fatalf("the example's migrations do not read without compiling: %v", err)
	}
	static, err := migfile.RoundTrip(migrate.RecordAll(set))
	if err != nil {
		t.Fatal(err)
	}
	r, err := buildRunner(context.Background(), p, offlineRunner)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	compiled, err := r.dump(context.Background(), "dump")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := json.Marshal(static)
	c, _ := json.Marshal(compiled)
	if !bytes.Equal(s, c) {
		t.Errorf("read without compiling:\n%s\ncompiled:\n%s", s, c)
	}
	if err := pkg.CrossCheck(compiled); err != nil {
		t.Error(err)
	}
}
