package cli

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// noGoPath returns a PATH value under which no go command is found.
func noGoPath(t *testing.T) string {
	t.Helper()
	empty := t.TempDir()
	if _, err := exec.LookPath(filepath.Join(empty, "go")); err == nil {
		t.Fatal("the empty folder holds a go command")
	}
	return empty
}

// TestBuildDeploysWithoutGo writes the migrations' program with `schemagen
// build -o`, and runs it with no go command on PATH: it upgrades the
// database into the version table that schemagen.toml names (built in),
// shows current and history, prints a script and downgrades, with the
// CLI's exit codes; the module is left unchanged.
func TestBuildDeploysWithoutGo(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	writeFile(t, filepath.Join(m.dir, ConfigFile), "models = [\"./models\"]\nversion_table = \"meta.revisions\"\nlock_timeout = \"3s\"\n")
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	head := revisionOf(m.migrationFiles()[0])

	m.must(ExitError, "build")
	before := moduleTree(t, m.dir)
	bin := filepath.Join(t.TempDir(), "deploy", "migrate")
	if out := m.must(ExitOK, "build", "-o", bin); !strings.Contains(out, "1 migration(s)") {
		t.Errorf("schemagen build -o: %s", out)
	}
	if after := moduleTree(t, m.dir); len(after) != len(before) {
		t.Errorf("schemagen build changed the module: %d entries, then %d", len(before), len(after))
	}

	path := noGoPath(t)
	run := func(want int, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = t.TempDir()
		cmd.Env = []string{"PATH=" + path, "DATABASE_URL=" + m.dbURL}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("run %s: %v", strings.Join(args, " "), err)
		}
		if code != want {
			t.Fatalf("migrate %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out.String())
		}
		return out.String()
	}
	if out := run(ExitError); !strings.Contains(out, "usage:") {
		t.Errorf("no command: %s", out)
	}
	if out := run(ExitOK, "current"); !strings.Contains(out, "base (no revision applied)") {
		t.Errorf("current before upgrade: %s", out)
	}
	if out := run(ExitOK, "upgrade", "--sql"); !strings.Contains(out, "CREATE TABLE") || !strings.Contains(out, `"meta"."revisions"`) {
		t.Errorf("upgrade --sql: %s", out)
	}
	if out := run(ExitOK, "upgrade"); !strings.Contains(out, "upgrade "+head) {
		t.Errorf("upgrade: %s", out)
	}
	db := openURL(t, m.dbURL)
	got, err := migrate.ReadVersions(context.Background(), db, schema.QualifiedName{Schema: "meta", Name: "revisions"})
	if err != nil || !slices.Equal(got, []string{head}) {
		t.Errorf("meta.revisions after upgrade: %v, %v; want %s", got, err, head)
	}
	if out := run(ExitOK, "current"); !strings.Contains(out, head+" (head)") {
		t.Errorf("current: %s", out)
	}
	if out := run(ExitOK, "history", "-v"); !strings.Contains(out, head+" (head) (current) (base) create models") {
		t.Errorf("history: %s", out)
	}
	run(ExitError, "downgrade")
	if out := run(ExitOK, "downgrade", "base"); !strings.Contains(out, "downgrade "+head) {
		t.Errorf("downgrade base: %s", out)
	}
	if out := run(ExitOK, "stamp", "head"); !strings.Contains(out, "stamped: the database is at "+head) {
		t.Errorf("stamp head: %s", out)
	}
}

// TestAtTargetBuildsNothing runs upgrade and downgrade on a database
// already at their target with no go command on PATH: they say so
// without building the migrations.
func TestAtTargetBuildsNothing(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "downgrade", "base") // nothing yet, at base
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	head := revisionOf(m.migrationFiles()[0])

	t.Setenv("PATH", noGoPath(t))
	for _, args := range [][]string{{"upgrade"}, {"upgrade", "head"}, {"upgrade", head[:8]}, {"downgrade", head}} {
		if out := m.must(ExitOK, args...); !strings.Contains(out, "nothing to do: the database is already at the target") {
			t.Errorf("schemagen %s at the target: %s", strings.Join(args, " "), out)
		}
	}
	// Work to do needs the build, which needs go.
	if out := m.must(ExitError, "downgrade", "base"); !strings.Contains(out, `"go": executable file not found`) {
		t.Errorf("downgrade base with no go command: %s", out)
	}
}
