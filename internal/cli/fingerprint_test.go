package cli

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// editMigration adds a change to the upgrade of the migration file at
// path: the file now says something that the database, which applied it
// before, does not hold.
func editMigration(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const up = "Upgrade: func(op *migrate.Op) {\n"
	src := string(b)
	if !strings.Contains(src, up) {
		t.Fatalf("%s has no %q", path, up)
	}
	src = strings.Replace(src, up, up+"\t\t\top.CreateSchema(\"edited_later\")\n", 1)
	writeFile(t, path, src)
}

// TestEditedMigration edits a migration (in a transaction) after it was
// applied: upgrade refuses before anything runs, current names it, check
// fails with its own message (text and JSON), --allow-edited runs all the
// same, and stamp --force-fingerprint accepts the edit. The comparison
// needs no build while the files are as the last build saw them: with no
// go command on PATH, upgrade still refuses.
func TestEditedMigration(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	file := m.migrationFiles()[0]
	rev := revisionOf(file)
	// Files are named relative to the working directory: the test's is
	// elsewhere, so the name ends with the folder and file.
	rel := filepath.Join("migrations", filepath.Base(file))
	if out := m.must(ExitOK, "current"); strings.Contains(out, "edited") || strings.Contains(out, "unknown") {
		t.Errorf("current after upgrade:\n%s", out)
	}
	m.must(ExitOK, "check")

	editMigration(t, file)
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{args: []string{"upgrade"}, code: ExitError, want: []string{
			"upgrade refused: 1 applied migration(s) changed since they were applied",
			rev + " (", rel + ")",
			"schemagen stamp --force-fingerprint " + rev,
			"schemagen upgrade --allow-edited",
		}},
		{args: []string{"current"}, code: ExitOK, want: []string{
			rev + " (head) create models",
			"edited since applied: " + rev + " (", rel + ")",
		}},
		{args: []string{"check"}, code: ExitDrift, want: []string{
			"check (live): failed:",
			rel + " (" + rev + "): edited since it was applied to the database",
		}},
		{args: []string{"upgrade", "--allow-edited"}, code: ExitOK, want: []string{
			"warning: " + rev + " (", rel + ") changed since it was applied",
			"nothing to do",
		}},
	} {
		code, stdout, stderr := m.run(tc.args...)
		out := stdout + stderr
		if code != tc.code {
			t.Errorf("schemagen %s after the edit: exit %d, want %d\n%s", strings.Join(tc.args, " "), code, tc.code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("schemagen %s after the edit lacks %q:\n%s", strings.Join(tc.args, " "), w, out)
			}
		}
	}
	code, stdout, _ := m.run("check", "--format", "json")
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != ExitDrift {
		t.Fatalf("check --format json: exit %d, %v:\n%s", code, err, stdout)
	}
	if rep.Status != "failed" || len(rep.Edited) != 1 || rep.Edited[0].Revision != rev || !strings.HasSuffix(rep.Edited[0].File, rel) {
		t.Errorf("check --format json: status %q, edited %+v", rep.Status, rep.Edited)
	}

	// The last build's fingerprints serve while the files stand.
	path := os.Getenv("PATH")
	t.Setenv("PATH", noGoPath(t))
	if out := m.must(ExitError, "upgrade"); !strings.Contains(out, "upgrade refused") {
		t.Errorf("upgrade with no go command:\n%s", out)
	}
	if out := m.must(ExitOK, "current"); !strings.Contains(out, "edited since applied: "+rev) {
		t.Errorf("current with no go command:\n%s", out)
	}
	t.Setenv("PATH", path)

	// Accepting the edit clears every report.
	if out := m.must(ExitOK, "stamp", "--force-fingerprint", rev[:10]); !strings.Contains(out, "recorded the fingerprint of "+rev) {
		t.Errorf("stamp --force-fingerprint:\n%s", out)
	}
	if out := m.must(ExitOK, "current"); strings.Contains(out, "edited") || !strings.Contains(out, rev+" (head)") {
		t.Errorf("current after stamp --force-fingerprint:\n%s", out)
	}
	// What is left is what the edit says: a schema the database never
	// got, which check reports as the database's difference, not an edit.
	if out := m.must(ExitDrift, "check"); strings.Contains(out, "edited since") || !strings.Contains(out, "the database differs from the migrations") || !strings.Contains(out, "create schema edited_later") {
		t.Errorf("check after stamp --force-fingerprint:\n%s", out)
	}
	if out := m.must(ExitOK, "upgrade"); !strings.Contains(out, "nothing to do") {
		t.Errorf("upgrade after stamp --force-fingerprint:\n%s", out)
	}
	m.must(ExitError, "stamp", "--force-fingerprint")
}

// TestOldVersionTableCLI runs the verbs on a database that an earlier
// schemagen migrated (no fingerprint table): they work, current says the
// fingerprints are unknown, and the next upgrade that applies a
// migration records them.
func TestOldVersionTableCLI(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	rev := revisionOf(m.migrationFiles()[0])
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`DROP TABLE public.schemagen_version_fingerprint`); err != nil {
		t.Fatal(err)
	}
	if out := m.must(ExitOK, "current"); !strings.Contains(out, "fingerprint unknown: "+rev) {
		t.Errorf("current on an old version table:\n%s", out)
	}
	if out := m.must(ExitOK, "upgrade"); !strings.Contains(out, "nothing to do") {
		t.Errorf("upgrade at head on an old version table:\n%s", out)
	}
	m.must(ExitOK, "check")

	m.must(ExitOK, "revision", "-m", "empty")
	if out := m.must(ExitOK, "upgrade"); !strings.Contains(out, "recorded the fingerprints of 1 applied migration(s) that had none") {
		t.Errorf("upgrade of a new migration on an old version table:\n%s", out)
	}
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM public.schemagen_version_fingerprint`).Scan(&n); err != nil || n != 2 {
		t.Errorf("fingerprints after the upgrade: %d (%v), want 2", n, err)
	}
	if out := m.must(ExitOK, "current"); strings.Contains(out, "unknown") || strings.Contains(out, "edited") {
		t.Errorf("current after the upgrade:\n%s", out)
	}
}

// TestFingerprintsUnreadable runs check and current as a read-only role
// granted SELECT on the version table alone (as before fingerprints
// existed): they work, and say that the applied migrations were not
// compared and what to grant. Once granted, they compare.
func TestFingerprintsUnreadable(t *testing.T) {
	m := migratedModule(t)
	_, devURL := pgtest.DB(t)
	target := readOnlyRole(t, m.dbURL)
	editMigration(t, m.migrationFiles()[0])
	const warning = "grant SELECT on schemagen_version_fingerprint"
	// The edit (a schema the database never got) is drift that check
	// reports all the same: the database differs from the migrations.
	for _, tc := range []struct {
		args []string
		code int
	}{{[]string{"--dev-url", devURL, "check"}, ExitDrift}, {[]string{"current"}, ExitOK}} {
		args := tc.args
		code, stdout, stderr := m.runWith(target, nil, args...)
		if code != tc.code || !strings.Contains(stderr, "the applied migrations were not compared with their files") || !strings.Contains(stderr, warning) {
			t.Errorf("%s as a role that may not read the fingerprints: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	db := openURL(t, m.dbURL)
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("GRANT SELECT ON public.schemagen_version_fingerprint TO " + schema.QuoteIdent(u.User.Username())); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := m.runWith(target, nil, "--dev-url", devURL, "check")
	if code != ExitDrift || !strings.Contains(stdout, "edited since it was applied") {
		t.Errorf("check once the role may read the fingerprints: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
