package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/dburl"
)

// TestTargetLine checks that the verbs that connect name the database on
// stderr, once, as host:port/dbname with no password, and leave stdout
// as scripts read it; that --sql, which connects nowhere, says nothing;
// and that with no database configured the fallback to the maintenance
// database is said.
func TestTargetLine(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	line := "schemagen: database " + dburl.Target(m.dbURL, os.Getenv) + "\n"

	connects := func(args ...string) {
		t.Helper()
		code, stdout, stderr := m.run(args...)
		if code != ExitOK || strings.Count(stderr, line) != 1 || strings.Contains(stdout, "schemagen: database") {
			t.Errorf("schemagen %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant 0 and %q once on stderr", strings.Join(args, " "), code, stdout, stderr, line)
		}
	}
	connects("upgrade")
	connects("current")
	connects("check")
	connects("history")
	code, stdout, stderr := m.run("check", "--format", "json")
	var report map[string]any
	if code != ExitOK || !strings.HasPrefix(stderr, line) || json.Unmarshal([]byte(stdout), &report) != nil {
		t.Errorf("check --format json: exit %d\nstdout:\n%s\nstderr:\n%s\nwant JSON alone on stdout and the database on stderr", code, stdout, stderr)
	}
	connects("downgrade", "base")
	connects("stamp", "head")
	for _, args := range [][]string{{"upgrade", "--sql"}, {"heads"}} {
		if code, _, stderr := m.run(args...); code != ExitOK || stderr != "" {
			t.Errorf("schemagen %s: exit %d, stderr %q; want 0 and nothing (no database)", strings.Join(args, " "), code, stderr)
		}
	}
	// Nothing names a database: the default server's maintenance
	// database, said so. Whether it answers does not matter here.
	_, _, stderr = m.runEnv(map[string]string{"DATABASE_URL": ""}, "current")
	if want := "schemagen: DATABASE_URL is not set (nor --database-url, nor database_url in schemagen.toml): using the maintenance database 127.0.0.1:5432/postgres\n"; !strings.HasPrefix(stderr, want) {
		t.Errorf("current without DATABASE_URL: stderr\n%s\nwant it to start with\n%s", stderr, want)
	}
}
