package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// secret is the password of every database URL TestBadInput uses; no
// output may show it.
const secret = "s3cr3t-pw"

// badInputDir holds the base module and the cases' files of TestBadInput.
const badInputDir = "testdata/badinput"

// unknownRevision is what the stamped-database case writes into the
// version table: no migration file has it.
const unknownRevision = "20991231000000"

// badRun is one command of a bad-input case and the exit code it must give.
type badRun struct {
	args []string
	code int
}

// runs returns the commands args, each expected to exit 2.
func runs(args ...[]string) []badRun {
	out := make([]badRun, len(args))
	for i, a := range args {
		out[i] = badRun{args: a, code: ExitError}
	}
	return out
}

// TestBadInput feeds schemagen each kind of bad input: broken models,
// broken migrations, databases that cannot be reached, a database at a
// revision no file has. Every command must exit 2 with a message that
// says what is wrong (at file:line where a source file is to blame), show
// no password, and change nothing: the database's schema and version
// table and the module's files are compared before and after.
//
// The cases share one module and database, made once from
// testdata/badinput/base; a case's folder is copied over the module
// before its commands run and removed afterwards.
func TestBadInput(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	realURL := m.dbURL
	m.dbURL = withUser(t, realURL, "postgres", secret, "") // trust auth: the password is ignored
	copyTree(t, filepath.Join(badInputDir, "base"), m.dir)
	m.must(ExitOK, "init")
	m.must(ExitOK, "upgrade")
	db := openURL(t, realURL)
	// Tables: the model's, the version table and its fingerprints.
	if base := snapshot(t, db, m.dir); !slices.Equal(base.Versions, []string{"20260101000000"}) || len(base.Schema.Tables) != 3 {
		t.Fatalf("the base module is not applied: versions %v, %d tables", base.Versions, len(base.Schema.Tables))
	}

	modelRuns := runs(
		[]string{"revision", "--autogenerate", "-m", "bad"},
		[]string{"check", "--offline"},
	)
	graphRuns := append(runs(
		[]string{"upgrade"},
		[]string{"downgrade", "base"},
		[]string{"current"},
		[]string{"history"},
		[]string{"revision", "-m", "more"},
	),
		// check reports a broken graph as a failed check (exit 1), as
		// README's exit-code contract of check says.
		badRun{args: []string{"check", "--offline"}, code: ExitDrift},
	)
	dbRuns := runs(
		[]string{"upgrade"},
		[]string{"downgrade", "base"},
		[]string{"current"},
		[]string{"stamp", "head"},
		[]string{"check"},
		[]string{"revision", "--autogenerate", "-m", "bad"},
	)

	var unlock func()
	tests := []struct {
		name string
		// dir is the case's folder under testdata/badinput, copied over
		// the module; its `// want` comments are the expected errors.
		dir string
		// dbURL replaces the module's database URL (DATABASE_URL) when
		// set.
		dbURL string
		// flags go before each command's arguments.
		flags []string
		// setup changes the database before the snapshot; undo reverts it.
		setup, undo func(t *testing.T)
		runs        []badRun
		// want are regexps the output must match, besides the want
		// comments.
		want []string
	}{
		{name: "unknown tag options", dir: "unknown_option", runs: modelRuns},
		{name: "malformed struct tags", dir: "malformed_tag", runs: modelRuns},
		{name: "malformed tag options", dir: "malformed_options", runs: modelRuns},
		{name: "duplicate column names", dir: "duplicate_column", runs: modelRuns},
		{name: "duplicate column names through embedding", dir: "duplicate_column_embedded", runs: modelRuns},
		{name: "fk to a missing table", dir: "fk_missing_table", runs: modelRuns},
		{name: "fk to a missing column", dir: "fk_missing_column", runs: modelRuns},
		{name: "fk of a different type", dir: "fk_type", runs: modelRuns},
		{name: "unsupported Go types", dir: "unsupported_types", runs: modelRuns},
		{
			name: "migrations that do not compile",
			dir:  "compile_error",
			runs: runs(
				[]string{"upgrade"},
				[]string{"check", "--mode", "offline"},
				[]string{"upgrade", "--sql"},
			),
			want: []string{`build the migrations package example\.com/rt/migrations`},
		},
		{
			name: "metadata that is not a literal",
			dir:  "nonliteral_metadata",
			runs: runs(
				[]string{"current"},
				[]string{"history"},
				[]string{"heads"},
				[]string{"revision", "-m", "more"},
				[]string{"check", "--offline"},
			),
		},
		{name: "duplicate revision IDs", dir: "duplicate_revision", runs: graphRuns},
		{name: "missing parent", dir: "missing_parent", runs: graphRuns},
		{name: "revision cycle", dir: "cycle", runs: graphRuns},
		{
			name:  "database that does not answer",
			dbURL: "postgres://postgres:" + secret + "@127.0.0.1:1/x?sslmode=disable&connect_timeout=2",
			runs:  dbRuns,
			want: []string{
				`connect to postgres://postgres:\*\*\*@127\.0\.0\.1:1/x\?sslmode=disable&connect_timeout=2: .*connection refused`,
				`is PostgreSQL running there\?`,
				`(?m)^schemagen: database 127\.0\.0\.1:1/x$`,
			},
		},
		{
			name:  "database that does not answer, password in the query, named by flag",
			flags: []string{"--database-url", "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2&password=" + secret},
			runs:  dbRuns,
			want:  []string{`connect to postgres://postgres@127\.0\.0\.1:1/x\?sslmode=disable&connect_timeout=2&password=\*\*\*: .*connection refused`},
		},
		{
			name:  "role that does not exist",
			dbURL: withUser(t, realURL, "schemagen_no_such_role", secret, ""),
			runs:  dbRuns,
			want: []string{
				`connect to postgres://schemagen_no_such_role:\*\*\*@.*: pq: role "schemagen_no_such_role" does not exist`,
				`refused the login: check the user and password`,
			},
		},
		{
			name:  "database that does not exist",
			dbURL: withUser(t, realURL, "postgres", secret, "schemagen_no_such_db"),
			runs:  dbRuns,
			want: []string{
				`connect to postgres://postgres:\*\*\*@.*/schemagen_no_such_db.*: pq: database "schemagen_no_such_db" does not exist`,
				`that database does not exist; create it, or name another`,
			},
		},
		{
			// Another run holds the migration lock, longer than
			// lock_wait: the run gives up naming it.
			name:  "migration lock held by another run",
			setup: func(t *testing.T) { unlock = holdLockAs(t, realURL, "blocker", filepath.Join(m.dir, ConfigFile)) },
			undo:  func(t *testing.T) { unlock() },
			runs: runs(
				[]string{"downgrade", "base"},
				[]string{"stamp", "head"},
			),
			want: []string{
				`gave up waiting for the migration lock .* after 1s: it is held by pid \d+ \(application_name "blocker"`,
				`pg_terminate_backend\(\d+\)`,
			},
		},
		{
			name: "prune and --no-archive misused",
			runs: runs(
				[]string{"prune", "--older-than", "soon"},
				[]string{"prune", "--older-than", "-5d"},
				[]string{"prune", "--older-than", "-1h"},
				[]string{"prune", "extra"},
				[]string{"revision", "--no-archive", "-m", "x"},
			),
		},
		{
			name: "--max-changes misused",
			runs: runs(
				[]string{"revision", "--max-changes", "10", "-m", "x"},
				[]string{"revision", "--autogenerate", "--max-changes", "-1", "-m", "x"},
				[]string{"revision", "--autogenerate", "--max-changes", "many", "-m", "x"},
			),
			want: []string{`-max-changes`},
		},
		{
			name:  "database at a revision no file has",
			setup: func(t *testing.T) { setVersion(t, db, unknownRevision) },
			undo:  func(t *testing.T) { setVersion(t, db, "20260101000000") },
			runs: runs(
				[]string{"upgrade"},
				[]string{"downgrade", "base"},
				[]string{"current"},
				[]string{"check"},
				[]string{"revision", "--autogenerate", "-m", "bad"},
			),
			want: []string{`the database is at revision ` + unknownRevision + `, which no migration file has`},
		},
		// Forks are explicit: a relative downgrade that could step back
		// into either branch refuses and names the commands.
		{
			name:  "downgrade -1 at two heads",
			dir:   "fork",
			setup: func(t *testing.T) { setVersion(t, db, "20260201000000", "20260201000001") },
			undo:  func(t *testing.T) { setVersion(t, db, "20260101000000") },
			runs:  runs([]string{"downgrade", "-1"}, []string{"downgrade", "-2"}),
			want: []string{
				`downgrade -[12] is ambiguous: the database is at 2 heads \(20260201000000, 20260201000001\), one per branch; name the branch to step back:`,
				`\n  downgrade 20260201000000(@-1)?  undoes 2026020100000[01]`,
			},
		},
		{
			name:  "downgrade -1 at a merge",
			dir:   "fork_merged",
			setup: func(t *testing.T) { setVersion(t, db, "20260201000002") },
			undo:  func(t *testing.T) { setVersion(t, db, "20260101000000") },
			runs:  runs([]string{"downgrade", "-1"}),
			want: []string{
				`downgrade -1 is ambiguous: it reaches merge revision 20260201000002, whose parents are 20260201000000 and 20260201000001; name what to undo:`,
				`\n  downgrade 20260201000002@-1  undoes 20260201000002\n  downgrade 20260201000000     undoes 20260201000002, 20260201000001\n`,
			},
		},
		{
			name:  "downgrade past a migration without a Downgrade",
			dir:   "irreversible",
			setup: func(t *testing.T) { setVersion(t, db, "20260201000000") },
			undo:  func(t *testing.T) { setVersion(t, db, "20260101000000") },
			runs: runs(
				[]string{"downgrade", "-1"},
				[]string{"downgrade", "base"},
				[]string{"downgrade", "--sql", "20260201000000:base"},
			),
			want: []string{`cannot downgrade past 20260201000000 \(.*20260201000000_keep\.go:7\): it is irreversible: it has no Downgrade; .*--force-irreversible`},
		},
		{
			name: "check lists a migration without a Downgrade, and passes",
			dir:  "irreversible",
			runs: []badRun{{args: []string{"check", "--offline"}, code: ExitOK}},
			want: []string{`warning: .*20260201000000_keep\.go \(20260201000000\): irreversible: it has no Downgrade; ` + "`schemagen downgrade`" + ` refuses to undo it without --force-irreversible`},
		},
		{
			name: "check --format json lists a migration without a Downgrade",
			dir:  "irreversible",
			runs: []badRun{{args: []string{"check", "--offline", "--format", "json"}, code: ExitOK}},
			want: []string{`"status": "clean"`, `"irreversible": \[\s*\{\s*"revision": "20260201000000",\s*"file": ".*20260201000000_keep\.go",\s*"reason": "it has no Downgrade"`},
		},
		// --sql has no database: a relative target needs a start, and a
		// range goes one way.
		{
			name: "relative --sql target without a start",
			runs: runs([]string{"upgrade", "--sql", "+1"}, []string{"downgrade", "--sql", "-1"}),
			want: []string{`(upgrade --sql \+1|downgrade --sql -1): a relative target counts from the database's revision, and --sql reads no database; name the start: `},
		},
		{
			name: "backwards upgrade --sql range",
			dir:  "gostep",
			runs: runs([]string{"upgrade", "--sql", "20260201000000:20260101000000"}),
			want: []string{`upgrade --sql 20260201000000:20260101000000 goes backwards: 20260101000000 is older than 20260201000000; for the script that undoes it: downgrade --sql 20260201000000:20260101000000`},
		},
		{
			name: "forwards downgrade --sql range",
			dir:  "gostep",
			runs: runs([]string{"downgrade", "--sql", "20260101000000:20260201000000"}),
			want: []string{`downgrade --sql 20260101000000:20260201000000 goes forwards`},
		},
		{
			name: "a Go step in --sql is warned of",
			dir:  "gostep",
			runs: []badRun{{args: []string{"upgrade", "--sql", "20260101000000:head"}, code: ExitOK}},
			want: []string{
				`warning: .*20260201000000_gostep\.go:11 \(20260201000000\): the upgrade has 1 Go step\(s\) \(op\.Run\), which the script shows as a comment and does not run`,
				`-- a Go step \(op\.Run\) runs here`,
			},
		},
		// Odd inputs.
		{name: "reserved revision IDs", dir: "reserved_revision", runs: graphRuns},
		{name: "model tables named like schemagen's", dir: "version_model", runs: modelRuns},
		{name: "model tables and enums in the archive schemas", dir: "archive_model", runs: modelRuns},
		{name: "two models renamed from one table", dir: "renamed_twice", runs: modelRuns},
		{name: "identity column of type text", dir: "identity_text", runs: modelRuns},
		{
			name:  "version_table with two dots",
			setup: func(t *testing.T) { appendConfig(t, m.dir, `version_table = "a.b.c"`) },
			undo:  func(t *testing.T) { restoreConfig(t, m.dir) },
			runs:  runs([]string{"upgrade"}, []string{"current"}, []string{"check", "--offline"}, []string{"upgrade", "--sql"}),
			want:  []string{`schemagen\.toml: version_table: version table "a\.b\.c": want NAME or SCHEMA\.NAME, with one dot at most`},
		},
		{
			// The fingerprint table survives: it says where the database
			// was, and the advice is to stamp, not to upgrade again.
			name:  "version table dropped by hand",
			setup: func(t *testing.T) { execSQL(t, db, "DROP TABLE public.schemagen_version") },
			undo: func(t *testing.T) {
				execSQL(t, db, "CREATE TABLE public.schemagen_version (revision text NOT NULL PRIMARY KEY)")
				execSQL(t, db, "INSERT INTO public.schemagen_version VALUES ('20260101000000')")
			},
			runs: runs(
				[]string{"upgrade"},
				[]string{"downgrade", "base"},
				[]string{"current"},
				[]string{"check"},
				[]string{"revision", "--autogenerate", "-m", "bad"},
			),
			want: []string{"the version table schemagen_version does not exist, but its fingerprint table schemagen_version_fingerprint records applied revisions \\(the database was at 20260101000000\\): it was dropped, .*`stamp 20260101000000`, then upgrade"},
		},
	}
	changed := false
	for _, tc := range tests {
		if changed {
			t.Fatalf("case %q and the later ones not run: an earlier case changed the module or the database", tc.name)
		}
		t.Run(tc.name, func(t *testing.T) {
			var wants []fileWant
			if tc.dir != "" {
				src := filepath.Join(badInputDir, tc.dir)
				wants = readFileWants(t, src)
				added := copyTree(t, src, m.dir)
				t.Cleanup(func() { removeAdded(t, m.dir, added) })
			}
			if tc.setup != nil {
				tc.setup(t)
				t.Cleanup(func() { tc.undo(t) })
			}
			if tc.dbURL != "" {
				saved := m.dbURL
				m.dbURL = tc.dbURL
				t.Cleanup(func() { m.dbURL = saved })
			}
			before := snapshot(t, db, m.dir)
			for _, r := range tc.runs {
				args := append(slices.Clone(tc.flags), r.args...)
				cmdline := "schemagen " + strings.Join(r.args, " ")
				code, stdout, stderr := m.run(args...)
				out := stdout + stderr
				t.Logf("%s: exit %d\n%s", cmdline, code, out)
				if code != r.code {
					t.Errorf("%s: exit %d, want %d", cmdline, code, r.code)
				}
				if strings.Contains(out, secret) {
					t.Errorf("%s: the output shows the password", cmdline)
				}
				if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
					t.Errorf("%s: panicked", cmdline)
				}
				for _, w := range tc.want {
					if !regexp.MustCompile(w).MatchString(out) {
						t.Errorf("%s: output does not match %q", cmdline, w)
					}
				}
				for _, p := range checkFileWants(wants, out) {
					t.Errorf("%s: %s", cmdline, p)
				}
			}
			if diff := cmp.Diff(before, snapshot(t, db, m.dir)); diff != "" {
				changed = true
				t.Errorf("the commands changed the database or the module (-before +after):\n%s", diff)
			}
		})
	}
}

// withUser returns the URL u with the user and password replaced, and the
// database too when dbName is not empty.
func withUser(t *testing.T, u, user, password, dbName string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	parsed.User = url.UserPassword(user, password)
	if dbName != "" {
		parsed.Path = "/" + dbName
	}
	return parsed.String()
}

// setVersion stamps the database at revs through SQL, behind
// schemagen's back.
func setVersion(t *testing.T, db *sql.DB, revs ...string) {
	t.Helper()
	vt := schema.QuoteQualified(migrate.DefaultVersionTable())
	execSQL(t, db, "DELETE FROM "+vt)
	for _, rev := range revs {
		if _, err := db.ExecContext(context.Background(), "INSERT INTO "+vt+" (revision) VALUES ($1)", rev); err != nil {
			t.Fatalf("stamp the database through SQL: %v", err)
		}
	}
}

// execSQL runs stmt on db, behind schemagen's back.
func execSQL(t *testing.T, db *sql.DB, stmt string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// appendConfig adds line to the schemagen.toml of the module at dir,
// keeping the file as it was for restoreConfig.
func appendConfig(t *testing.T, dir, line string) {
	t.Helper()
	path := filepath.Join(dir, ConfigFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path+".orig", string(b))
	writeFile(t, path, string(b)+"\n"+line+"\n")
}

// restoreConfig undoes appendConfig.
func restoreConfig(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, ConfigFile)
	if err := os.Rename(path+".orig", path); err != nil {
		t.Fatal(err)
	}
}

// state is what a command given bad input must leave alone.
type state struct {
	Schema   *schema.Schema
	Versions []string
	Files    map[string]string // the module's files by path
}

// snapshot reads the database's schema and version table and the files of
// the module at dir.
func snapshot(t *testing.T, db change.Querier, dir string) state {
	t.Helper()
	ctx := context.Background()
	s, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatalf("inspect the database: %v", err)
	}
	versions, err := migrate.ReadVersions(ctx, db, migrate.DefaultVersionTable())
	if err != nil {
		t.Fatalf("read the version table: %v", err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatalf("read the module: %v", err)
	}
	return state{Schema: s, Versions: versions, Files: files}
}

// copyTree copies the files under src into dst and returns the paths it
// created, relative to dst (folders too), deepest first.
func copyTree(t *testing.T, src, dst string) []string {
	t.Helper()
	var added []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == src {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if _, err := os.Stat(target); err == nil {
				return nil
			}
			added = append(added, rel)
			return os.Mkdir(target, 0o755)
		}
		if _, err := os.Stat(target); err == nil {
			return fmt.Errorf("%s exists in the module; a case only adds files", rel)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		added = append(added, rel)
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(added)
	return added
}

// removeAdded removes what copyTree added.
func removeAdded(t *testing.T, dst string, added []string) {
	t.Helper()
	for _, rel := range added {
		if err := os.Remove(filepath.Join(dst, rel)); err != nil {
			t.Errorf("remove a case's file: %v", err)
		}
	}
}

// fileWant is a `// want "regexp"` comment: an error must be reported at
// file:line, matching re.
type fileWant struct {
	file string // slash-separated, relative to the module root
	line int
	re   *regexp.Regexp
}

// readFileWants collects the want comments of the Go files under dir.
func readFileWants(t *testing.T, dir string) []fileWant {
	t.Helper()
	var wants []fileWant
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(data), "\n") {
			_, rest, ok := strings.Cut(line, "// want ")
			if !ok {
				continue
			}
			lit, err := strconv.QuotedPrefix(strings.TrimSpace(rest))
			if err != nil {
				return fmt.Errorf("%s:%d: bad want comment %q", path, i+1, rest)
			}
			pattern, _ := strconv.Unquote(lit)
			re, err := regexp.Compile(pattern)
			if err != nil {
				return fmt.Errorf("%s:%d: %v", path, i+1, err)
			}
			wants = append(wants, fileWant{file: filepath.ToSlash(rel), line: i + 1, re: re})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}

// checkFileWants returns a problem for every want that no line of out
// matches at its file:line, and for every line of out whose first
// position in a case's file is a line that no want expects (later
// positions, such as "also at", are not errors of their own).
func checkFileWants(wants []fileWant, out string) []string {
	var problems []string
	lines := strings.Split(filepath.ToSlash(out), "\n")
	for _, w := range wants {
		at := fmt.Sprintf("%s:%d:", w.file, w.line)
		if !slices.ContainsFunc(lines, func(l string) bool {
			return strings.Contains(l, at) && w.re.MatchString(l)
		}) {
			problems = append(problems, fmt.Sprintf("no error at %s matching %q", at, w.re))
		}
	}
	var files []string
	for _, w := range wants {
		if q := regexp.QuoteMeta(w.file); !slices.Contains(files, q) {
			files = append(files, q)
		}
	}
	if len(files) == 0 {
		return problems
	}
	pos := regexp.MustCompile(`(` + strings.Join(files, "|") + `):(\d+):`)
	for _, l := range lines {
		m := pos.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if !slices.ContainsFunc(wants, func(w fileWant) bool { return w.file == m[1] && w.line == n }) {
			problems = append(problems, fmt.Sprintf("unexpected error at %s:%d: %s", m[1], n, l))
		}
	}
	return problems
}

// sqlStateError is an error of a server that answered, as lib/pq's.
type sqlStateError string

func (e sqlStateError) Error() string    { return "pq: error " + string(e) }
func (e sqlStateError) SQLState() string { return string(e) }

// TestConnectHint covers the hints of refusals that the local server,
// which trusts every login, cannot produce (a wrong password).
func TestConnectHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "wrong password", err: fmt.Errorf("ping: %w", sqlStateError("28P01")), want: "refused the login: check the user and password"},
		{name: "no such role", err: sqlStateError("28000"), want: "refused the login: check the user and password"},
		{name: "no such database", err: sqlStateError("3D000"), want: "that database does not exist"},
		{name: "too many connections", err: sqlStateError("53300"), want: "the server answered but refused the connection"},
		{name: "no server", err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), want: "is PostgreSQL running there?"},
	}
	for _, tc := range tests {
		if got := connectHint(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("%s: connectHint = %q, want it to contain %q", tc.name, got, tc.want)
		}
	}
}

// holdLockAs takes the migration lock of the default version table of the
// database at u in a session named app, and sets lock_wait = "1s" in the
// config file cfg; unlock releases the lock and puts the file back.
func holdLockAs(t *testing.T, u, app, cfg string) (unlock func()) {
	t.Helper()
	ctx := context.Background()
	saved, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, string(saved)+"lock_wait = \"1s\"\n")
	db := openURL(t, dburl.WithApplicationName(u, app))
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrate.LockKey(migrate.DefaultVersionTable())); err != nil {
		t.Fatal(err)
	}
	return func() {
		conn.Close()
		writeFile(t, cfg, string(saved))
	}
}
