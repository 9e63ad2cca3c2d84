package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// pwMark is in every password of TestNoPasswordInOutput; it must appear in
// no output, in any escaping (escapes leave letters and digits alone).
const pwMark = "Zq9Wv"

// TestNoPasswordInOutput runs the verbs that reach a database with the
// password in each form a connection string can hold it (trust
// authentication ignores it), on success and on failure: stdout and stderr
// never show it.
func TestNoPasswordInOutput(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	m.writeModels(hazardModelsV1) // drift, so that check and diff print changes
	password := pwMark + `"q\` + pwMark + ` '` + pwMark
	u, err := url.Parse(m.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(u.Path, "/")
	kv := func(db string) string {
		return "host=" + u.Hostname() + " port=" + u.Port() + " user=postgres sslmode=disable dbname=" + db +
			" password='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password) + "'"
	}
	// Every verb's output passes through one scrubbing writer, so the
	// verbs that build the migrations (check, upgrade: a go build each)
	// run with one form of each kind, and the quick ones with all.
	forms := []struct {
		name string
		// good reaches the database; bad names one that does not exist.
		good, bad string
		// builds runs the verbs that build the migrations too.
		builds bool
	}{
		{name: "url", good: withUser(t, m.dbURL, "postgres", password, ""), bad: withUser(t, m.dbURL, "postgres", password, "schemagen_no_such_db")},
		{name: "url password parameter", good: m.dbURL + "&password=" + url.QueryEscape(password), bad: withUser(t, m.dbURL, "postgres", "", "schemagen_no_such_db") + "&password=" + url.QueryEscape(password)},
		{name: "key/value", good: kv(dbName), bad: kv("schemagen_no_such_db"), builds: true},
		{name: "malformed url", bad: "postgres://postgres:" + password + "@" + u.Host + "/" + dbName, builds: true},
	}
	type run struct {
		db   string
		args []string
		code int
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			var runs []run
			if g := f.good; g != "" {
				runs = []run{
					{g, []string{"current"}, ExitOK},
					{g, []string{"history"}, ExitOK},
					{g, []string{"diff", "--from", g, "--to", "models:./models"}, ExitDrift},
				}
				if f.builds {
					runs = append(runs,
						run{g, []string{"check"}, ExitDrift},
						run{g, []string{"check", "--mode", "shadow"}, ExitDrift},
						run{g, []string{"check", "--format", "json"}, ExitDrift},
						run{g, []string{"upgrade"}, ExitOK},
						run{m.dbURL, []string{"--dev-url", g, "check"}, ExitDrift},
					)
				}
			}
			if b := f.bad; b != "" {
				runs = append(runs,
					run{b, []string{"current"}, ExitError},
					run{m.dbURL, []string{"diff", "--from", b, "--to", "models:./models"}, ExitError},
				)
				if f.builds {
					runs = append(runs,
						run{b, []string{"check"}, ExitError},
						run{b, []string{"check", "--format", "json"}, ExitError},
						run{b, []string{"check", "--mode", "shadow"}, ExitError},
						run{b, []string{"upgrade"}, ExitError},
						run{m.dbURL, []string{"--dev-url", b, "check"}, ExitError},
					)
				}
			}
			for _, r := range runs {
				code, stdout, stderr := m.runWith(r.db, nil, r.args...)
				cmdline := "schemagen " + strings.ReplaceAll(strings.Join(r.args, " "), password, "PASSWORD")
				if code != r.code {
					t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", cmdline, code, r.code, stdout, stderr)
				}
				if strings.Contains(stdout+stderr, pwMark) {
					t.Errorf("%s: the output shows the password:\nstdout:\n%s\nstderr:\n%s", cmdline, stdout, stderr)
				}
			}
		})
	}
}

// runWith runs schemagen with DATABASE_URL set to dbURL and the other
// variables of env.
func (m *testModule) runWith(dbURL string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	m.t.Helper()
	savedURL, savedEnv := m.dbURL, m.env
	defer func() { m.dbURL, m.env = savedURL, savedEnv }()
	m.dbURL, m.env = dbURL, env
	return m.run(args...)
}

// readOnlyRole creates a role that may only connect to the database behind
// dbURL and read its catalog and version table: no TEMP (revoked from
// PUBLIC on that database), no CREATE, no CREATEDB. Roles are cluster-wide:
// the name is unique, and the role is dropped when the test ends. It
// returns the role's URL for that database.
func readOnlyRole(t *testing.T, dbURL string) string {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	role := "schemagen_ro_" + hex.EncodeToString(b)
	server := pgtest.Server(t)
	db, err := pgconn.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := server.ExecContext(ctx, "CREATE ROLE "+schema.QuoteIdent(role)+" LOGIN NOCREATEDB NOCREATEROLE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Its privileges in the test database first, which is dropped
		// after this runs.
		if _, err := db.ExecContext(ctx, "DROP OWNED BY "+schema.QuoteIdent(role)); err != nil {
			t.Errorf("drop the privileges of role %s: %v", role, err)
		}
		if _, err := server.ExecContext(ctx, "DROP ROLE IF EXISTS "+schema.QuoteIdent(role)); err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	name := schema.QuoteIdent(dburl.Database(dbURL))
	for _, stmt := range []string{
		"REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
		"GRANT CONNECT ON DATABASE " + name + " TO " + schema.QuoteIdent(role),
		"GRANT SELECT ON " + schema.QuoteQualified(migrate.DefaultVersionTable()) + " TO " + schema.QuoteIdent(role),
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return withUser(t, dbURL, role, "", "")
}

// readOnlyCase is a target that schemagen may only read.
type readOnlyCase struct {
	name string
	// setup makes the module's database read-only for the URL it
	// returns.
	setup func(t *testing.T, m *testModule) string
}

// TestReadOnlyTarget runs check, diff and revision --autogenerate against a
// target they may only read: a role with CONNECT and SELECT on the
// version table alone, and a database whose sessions are read-only
// (default_transaction_read_only = on, a stand-in for a hot standby,
// which refuses writes with the same SQLSTATE 25006). Without a dev
// database they exit 2 saying what they need; with one (dev_url in
// schemagen.toml, SCHEMAGEN_DEV_URL or --dev-url) they work. The target is
// never changed.
func TestReadOnlyTarget(t *testing.T) {
	t.Parallel()
	cases := []readOnlyCase{
		{name: "role without TEMP and CREATEDB", setup: func(t *testing.T, m *testModule) string {
			return readOnlyRole(t, m.dbURL)
		}},
		{name: "read-only sessions (standby stand-in)", setup: func(t *testing.T, m *testModule) string {
			db := openURL(t, m.dbURL)
			if _, err := db.ExecContext(context.Background(), "ALTER DATABASE "+schema.QuoteIdent(dburl.Database(m.dbURL))+" SET default_transaction_read_only = on"); err != nil {
				t.Fatal(err)
			}
			return m.dbURL
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := migratedModule(t)
			_, devURL := pgtest.DB(t)
			target := tc.setup(t, m)
			db := openURL(t, m.dbURL)
			before := snapshot(t, db, m.dir)
			diffArgs := []string{"diff", "--from", target, "--to", "models:./models"}

			// No dev database: refused, saying what is needed.
			for _, args := range [][]string{{"check"}, {"revision", "--autogenerate", "-m", "x"}, diffArgs, {"check", "--mode", "shadow"}} {
				code, stdout, stderr := m.runWith(target, nil, args...)
				out := stdout + stderr
				if code != ExitError {
					t.Errorf("%s without a dev database: exit %d, want %d\n%s", strings.Join(args, " "), code, ExitError, out)
				}
				for _, want := range []string{"TEMP", "CREATEDB", "dev_url", "--dev-url", "SCHEMAGEN_DEV_URL"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s without a dev database: output lacks %q:\n%s", strings.Join(args, " "), want, out)
					}
				}
			}

			// A dev database, named each way.
			env := map[string]string{"SCHEMAGEN_DEV_URL": devURL}
			for _, args := range [][]string{{"check"}, {"check", "--mode", "shadow", "--roundtrip"}, {"--dev-url", devURL, "check"}, diffArgs} {
				if code, stdout, stderr := m.runWith(target, env, args...); code != ExitOK {
					t.Errorf("%s with a dev database: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
				}
			}
			cfg := filepath.Join(m.dir, ConfigFile)
			orig, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, cfg, string(orig)+"dev_url = \""+devURL+"\"\n")
			m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v2"))
			if code, stdout, stderr := m.runWith(target, nil, "check"); code != ExitDrift {
				t.Errorf("check of changed models with dev_url: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			if code, stdout, stderr := m.runWith(target, nil, "revision", "--autogenerate", "-m", "v2"); code != ExitOK || !strings.Contains(stdout, "wrote ") {
				t.Errorf("revision --autogenerate with dev_url: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			after := snapshot(t, db, m.dir)
			if diff := cmp.Diff(before.Schema, after.Schema); diff != "" {
				t.Errorf("the target's schema changed (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(before.Versions, after.Versions); diff != "" {
				t.Errorf("the target's version table changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestConfigValuesLiteral: schemagen.toml's URLs keep '$' as written, and
// only ${NAME} reads the environment.
func TestConfigValuesLiteral(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DBPASS": "fromenv", "HOST": "dbhost", "2024": "no"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name, databaseURL, devURL string
		wantDB, wantDev           string
		wantErr                   string
	}{
		{name: "dollar digits", databaseURL: "postgres://app:app$2024@db/app", wantDB: "postgres://app:app$2024@db/app"},
		{name: "dollar name", databaseURL: "postgres://app:$DBPASS@db/app", wantDB: "postgres://app:$DBPASS@db/app"},
		{name: "braces", databaseURL: "postgres://app:${DBPASS}@${HOST}/app", wantDB: "postgres://app:fromenv@dbhost/app"},
		{name: "braces in dev_url", devURL: "host=${HOST} password=${DBPASS}", wantDB: dburl.Default, wantDev: "host=dbhost password=fromenv"},
		{name: "braces not a name", databaseURL: "postgres://app:${2024}x${}@db/app", wantDB: "postgres://app:${2024}x${}@db/app"},
		{name: "unclosed brace", databaseURL: "postgres://app:a${DBPASS@db/app", wantDB: "postgres://app:a${DBPASS@db/app"},
		{name: "unset variable", databaseURL: "postgres://app:${NOPE}@db/app", wantErr: "${NOPE} names an environment variable that is not set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/x\n\ngo 1.26.0\n")
			var cfg strings.Builder
			for key, v := range map[string]string{"database_url": tc.databaseURL, "dev_url": tc.devURL} {
				if v != "" {
					cfg.WriteString(key + " = '" + v + "'\n")
				}
			}
			writeFile(t, filepath.Join(dir, ConfigFile), cfg.String())
			p, err := loadProject(dir, &globalFlags{}, getenv, true)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("loadProject: error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.databaseURL != tc.wantDB || p.devURL != tc.wantDev {
				t.Errorf("database URL %q, dev URL %q; want %q, %q", p.databaseURL, p.devURL, tc.wantDB, tc.wantDev)
			}
		})
	}
}

// TestMisplacedConnString: a connection string given where schemagen
// wants something else is quoted by no usage message with its password.
func TestMisplacedConnString(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/x\n\ngo 1.26.0\n")
	const secret = pwMark + "x"
	for _, args := range [][]string{
		{"postgres://u:" + secret + "@127.0.0.1:1/db", "check"},
		{"check", "postgres://u:" + secret + "@127.0.0.1:1/db"},
		{"current", "host=127.0.0.1 password=" + secret},
		{"--database-url=postgres://u:" + secret + "@127.0.0.1:1/db", "nonsense"},
		{"diff", "--from", "mysql://u:" + secret + "@h/db", "--to", "models:./x"},
	} {
		var out, errOut strings.Builder
		a := &App{Stdout: &out, Stderr: &errOut, Dir: dir, Getenv: func(string) string { return "" }}
		code := a.Run(context.Background(), args)
		if code != ExitError {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		if strings.Contains(out.String()+errOut.String(), pwMark) {
			t.Errorf("%q: the output shows the password:\n%s%s", args, out.String(), errOut.String())
		}
	}
}
