package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// closedPortURL names a database nobody listens on.
const closedPortURL = "postgres://postgres@127.0.0.1:1/nothing?sslmode=disable&connect_timeout=2"

// migratedModule returns a module whose single migration, made from the
// keywords models, is applied to its database.
func migratedModule(t *testing.T) *testModule {
	t.Helper()
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	return m
}

// TestCheckModes runs each check mode on clean and on drifted models, in
// text and in JSON.
func TestCheckModes(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		out := m.must(ExitOK, "check", "--mode", mode)
		if !strings.Contains(out, "check ("+mode+"): clean") {
			t.Errorf("check --mode %s on clean models: %s", mode, out)
		}
	}

	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v2"))
	for _, mode := range []string{modeLive, modeShadow, modeOffline} {
		out := m.must(ExitDrift, "check", "--mode", mode)
		if !strings.Contains(out, "check ("+mode+"): drift") {
			t.Errorf("check --mode %s on changed models: %s", mode, out)
		}
		code, stdout, _ := m.run("check", "--mode", mode, "--format", "json")
		if code != ExitDrift {
			t.Fatalf("check --mode %s --format json: exit %d", mode, code)
		}
		var rep checkReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("check --format json printed no JSON: %v\n%s", err, stdout)
		}
		if rep.Mode != mode || rep.Status != "drift" || len(rep.Changes) == 0 || rep.Changes[0].Op == "" || len(rep.Heads) != 1 {
			t.Errorf("check --mode %s --format json = %+v", mode, rep)
		}
	}

	// An error (no database) is status "error" and exit 2, in JSON too.
	m.dbURL = closedPortURL
	code, stdout, _ := m.run("check", "--format", "json")
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != ExitError || rep.Status != "error" || rep.Error == "" {
		t.Errorf("check with no database: exit %d, report %+v (%v)", code, rep, err)
	}
}

// TestOfflineNeedsNoDatabase runs the offline paths with DATABASE_URL
// pointing at a closed port.
func TestOfflineNeedsNoDatabase(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.dbURL = closedPortURL
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "schemas", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "create models")
	m.must(ExitOK, "check", "--offline")
	if out := m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "again"); !strings.Contains(out, "no changes") {
		t.Errorf("second offline autogenerate: %s", out)
	}
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "schemas", "v2"))
	m.must(ExitDrift, "check", "--offline")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "change models")
	m.reviewHazards()
	m.must(ExitOK, "check", "--offline")
	if got := len(m.migrationFiles()); got != 2 {
		t.Fatalf("%d migration files, want 2", got)
	}

	script := m.must(ExitOK, "upgrade", "--sql")
	for _, want := range []string{"CREATE SCHEMA IF NOT EXISTS \"billing\";", "BEGIN;", "COMMIT;", "INSERT INTO \"public\".\"schemagen_version\""} {
		if !strings.Contains(script, want) {
			t.Errorf("upgrade --sql lacks %q:\n%s", want, script)
		}
	}
	down := m.must(ExitOK, "downgrade", "heads:base", "--sql")
	if !strings.Contains(down, "ELSE DROP SCHEMA \"billing\"; END IF; END';") {
		t.Errorf("downgrade heads:base --sql:\n%s", down)
	}
	// The live check does need the database.
	m.must(ExitError, "check")
}

// TestCheckGraphErrors makes each kind of broken revision graph and
// expects every check mode that reads it to fail (exit 1).
func TestCheckGraphErrors(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.dbURL = closedPortURL
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "selfref", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "create models")
	first := m.migrationFiles()[0]
	src, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	rev := revisionOf(first)
	migrations := filepath.Dir(first)
	edit := func(from, to string) string { return strings.Replace(string(src), from, to, 1) }
	// withRevision copies the first migration as revision rev, with the
	// parent parent (none when empty); the first has none.
	withRevision := func(rev, parent string) string {
		if strings.Contains(string(src), "DownRevision") {
			t.Fatalf("the first migration has a DownRevision:\n%s", src)
		}
		re := regexp.MustCompile(`Revision:\s+"\d+(_[a-z]{4})?",`)
		if !re.Match(src) {
			t.Fatalf("no Revision field in the first migration:\n%s", src)
		}
		field := fmt.Sprintf("Revision: %q,", rev)
		if parent != "" {
			field += fmt.Sprintf("\nDownRevision: []string{%q},", parent)
		}
		return re.ReplaceAllLiteralString(string(src), field)
	}

	tests := []struct {
		name  string
		files map[string]string // extra migration files
		want  string
	}{
		{
			name:  "duplicate revision",
			files: map[string]string{"29990101000000_copy.go": edit("Set.Add(", "Set.Add(")},
			want:  "duplicate revision " + rev,
		},
		{
			name:  "missing parent",
			files: map[string]string{"29990101000000_orphan.go": withRevision("29990101000000", "20000101000000")},
			want:  "missing parent 20000101000000",
		},
		{
			name: "cycle",
			files: map[string]string{
				"29990101000001_a.go": withRevision("29990101000001", "29990101000002"),
				"29990101000002_b.go": withRevision("29990101000002", "29990101000001"),
			},
			want: "cycle",
		},
		{
			name:  "several heads",
			files: map[string]string{"29990101000000_branch.go": withRevision("29990101000000", "")},
			want:  "2 heads",
		},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for name, content := range tc.files {
				writeFile(t, filepath.Join(migrations, name), content)
			}
			defer func() {
				for name := range tc.files {
					os.Remove(filepath.Join(migrations, name))
				}
			}()
			for _, mode := range []string{modeOffline, modeLive} {
				code, stdout, stderr := m.run("check", "--mode", mode, "--format", "json")
				var rep checkReport
				if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
					t.Fatalf("check --mode %s: no JSON (%v): %s%s", mode, err, stdout, stderr)
				}
				if code != ExitDrift || rep.Status != "failed" || !strings.Contains(strings.Join(rep.Problems, "\n"), tc.want) {
					t.Errorf("check --mode %s: exit %d, report %+v; want failed with %q", mode, code, rep, tc.want)
				}
			}
		})
	}
}

// TestRoundtripCatchesBrokenDowngrade writes a migration whose downgrade
// forgets a column; round-trip verification names it.
func TestRoundtripCatchesBrokenDowngrade(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	m.must(ExitOK, "check", "--mode", modeShadow, "--roundtrip")

	m.must(ExitOK, "revision", "-m", "forgetful")
	var broken string
	for _, f := range m.migrationFiles() {
		if strings.Contains(f, "forgetful") {
			broken = f
		}
	}
	fillTemplate(t, broken, `op.AddColumn("user", migrate.Column{Name: "nickname", Type: "text", Nullable: true})`, `op.Execute("SELECT 1")`)
	m.must(ExitOK, "upgrade")
	code, stdout, stderr := m.run("check", "--roundtrip")
	if code != ExitDrift || !strings.Contains(stdout, revisionOf(broken)) || !strings.Contains(stdout, "does not undo") {
		t.Fatalf("check --roundtrip with a broken downgrade: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestGoGenerate runs `go generate ./...` in a copy of the example module:
// the first run writes a migration, the second writes nothing.
func TestGoGenerate(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds schemagen in a copy of the example module")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "DATABASE_URL="+closedPortURL, "GOFLAGS=-mod=mod", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("mod", "edit", "-replace", "github.com/schemagen/schemagen="+root)
	goCmd("tool", "schemagen", "init")
	count := func() int {
		files, _ := filepath.Glob(filepath.Join(dir, "migrations", "2*.go"))
		return len(files)
	}
	goCmd("generate", "./...")
	if got := count(); got != 1 {
		t.Fatalf("after the first go generate: %d migrations, want 1", got)
	}
	if out := goCmd("generate", "./..."); !strings.Contains(out, "no changes") || count() != 1 {
		t.Fatalf("second go generate wrote a migration:\n%s", out)
	}
	change, err := os.ReadFile(filepath.Join(dir, "changes", "models", "invoice.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "models", "invoice.go"), string(change))
	goCmd("generate", "./...")
	if got := count(); got != 2 {
		t.Fatalf("after changing a model: %d migrations, want 2", got)
	}
}

// TestDiffMigrationsSource compares a migrations folder, replayed, with
// the models and with the database it was applied to.
func TestDiffMigrationsSource(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	m.must(ExitOK, "diff", "--from", "migrations:migrations", "--to", "models:./models")
	m.must(ExitOK, "diff", "--from", "migrations:migrations", "--to", m.dbURL)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v2"))
	if out := m.must(ExitDrift, "diff", "--from", "migrations:migrations", "--to", "models:./models"); !strings.Contains(out, "ALTER TABLE") && !strings.Contains(out, "CREATE") {
		t.Errorf("diff migrations to changed models printed no SQL:\n%s", out)
	}
}
