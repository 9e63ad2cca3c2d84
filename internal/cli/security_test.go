package cli

// The security suite of issue 10: no input can turn schemagen against the
// database it manages. Each group shares one module and one database (a
// copy of testdata/security/base, applied: a sentinel table of 100 rows
// and a table that the attacks name), runs each verb once, and checks
// that the verb refused the input where it should (exit 2 at the
// file:line:col of the hostile text), that the target's catalog, version
// table and module files, the sentinel's rows, and the cluster's roles
// and databases are as they were, and that no output shows the password.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

const (
	// securityDir holds the base module and the cases' files of the
	// security suite.
	securityDir = "testdata/security"
	// securitySecret is the heart of every password the suite uses. No
	// output may show it, raw, escaped or percent-encoded.
	securitySecret = "Zk4q9SecretPw"
	// pwnPrefix starts the name of every role, database, table and
	// constraint that an attack tries to create.
	pwnPrefix = "sgpwn_"
	// securityHead is the head revision of the base module.
	securityHead = "20260102000000"
)

// securityPassword is the password of the module's database URL: the
// secret with a double quote and a backslash, which Go's %q escapes and
// URLs percent-encode. The server trusts every login and ignores it.
const securityPassword = securitySecret + `"q\z`

// securityModule is a module made from testdata/security/base, applied
// to its database.
type securityModule struct {
	*testModule
	// realURL names the database without a password; m.dbURL, which the
	// commands get as DATABASE_URL, carries securityPassword.
	realURL string
	db      *sql.DB
}

// newSecurityModule makes a module from the base, applies it, checks
// that the sentinel holds its 100 rows, and, when scOff is set, turns
// standard_conforming_strings off for every later session on the
// database, as legacy databases have it.
func newSecurityModule(t *testing.T, scOff bool) *securityModule {
	t.Helper()
	m := newTestModule(t)
	s := &securityModule{testModule: m, realURL: m.dbURL}
	m.dbURL = withUser(t, s.realURL, "postgres", securityPassword, "")
	copyTree(t, filepath.Join(securityDir, "base"), m.dir)
	m.must(ExitOK, "init")
	m.must(ExitOK, "upgrade")
	s.db = openURL(t, s.realURL)
	if got := sentinelDigest(s.db); !strings.HasPrefix(got, "100 rows,") {
		t.Fatalf("the base module's sentinel: %s, want 100 rows", got)
	}
	t.Cleanup(func() { dropPwned(t) })
	if scOff {
		setDatabase(t, s.db, dburl.Database(s.realURL), "standard_conforming_strings", "off")
	}
	return s
}

// setDatabase sets a parameter for every later session on the database.
func setDatabase(t *testing.T, db *sql.DB, name, param, value string) {
	t.Helper()
	q := "ALTER DATABASE " + schema.QuoteIdent(name) + " SET " + param + " = " + value
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// sentinelDigest sums up the sentinel's rows, or says why it cannot.
func sentinelDigest(db *sql.DB) string {
	var n int
	var sum sql.NullString
	err := db.QueryRowContext(context.Background(),
		`SELECT count(*), md5(string_agg(id::text || ':' || note, ',' ORDER BY id)) FROM public.sentinel`).Scan(&n, &sum)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return fmt.Sprintf("%d rows, md5 %s", n, sum.String)
}

// pwnedNames lists the roles and databases of the cluster whose names
// start with pwnPrefix: what an attack would have created. (The cluster
// is shared with tests that create roles and databases of their own
// meanwhile, so only the attacks' names are compared.)
func pwnedNames(t *testing.T) []string {
	t.Helper()
	rows, err := pgtest.Server(t).QueryContext(context.Background(), `
		SELECT 'role ' || rolname FROM pg_catalog.pg_roles WHERE starts_with(rolname, $1)
		UNION ALL
		SELECT 'database ' || datname FROM pg_catalog.pg_database WHERE starts_with(datname, $1)
		ORDER BY 1`, pwnPrefix)
	if err != nil {
		t.Fatalf("list roles and databases: %v", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// dropPwned drops the roles and databases that an attack created, so
// that a failing run leaves the cluster clean.
func dropPwned(t *testing.T) {
	t.Helper()
	server := pgtest.Server(t)
	for _, n := range pwnedNames(t) {
		kind, name, _ := strings.Cut(n, " ")
		q := "DROP ROLE IF EXISTS " + schema.QuoteIdent(name)
		if kind == "database" {
			q = "DROP DATABASE IF EXISTS " + schema.QuoteIdent(name) + " WITH (FORCE)"
		}
		if _, err := server.ExecContext(context.Background(), q); err != nil {
			t.Errorf("clean up after an attack: %s: %v", q, err)
		}
	}
}

// securityState is what no command may change: the target's catalog,
// version table and module files, the sentinel's rows, and the roles and
// databases named like an attack's.
type securityState struct {
	state
	Sentinel string
	Pwned    []string
}

func (s *securityModule) capture(t *testing.T) securityState {
	t.Helper()
	return securityState{state: snapshot(t, s.db, s.dir), Sentinel: sentinelDigest(s.db), Pwned: pwnedNames(t)}
}

// assertUnharmed compares the state with before, naming what changed.
func (s *securityModule) assertUnharmed(t *testing.T, before securityState, after string) {
	t.Helper()
	now := s.capture(t)
	if now.Sentinel != before.Sentinel {
		t.Errorf("after %s, the sentinel table is %s; want %s", after, now.Sentinel, before.Sentinel)
	}
	if !slices.Equal(now.Pwned, before.Pwned) {
		t.Errorf("after %s, the cluster has %v; before it had %v: an attack created a role or database", after, now.Pwned, before.Pwned)
	}
	if diff := cmp.Diff(before.state, now.state); diff != "" {
		t.Errorf("%s changed the database or the module (-before +after):\n%s", after, diff)
	}
}

// verbRun is one command of a group and what it must give.
type verbRun struct {
	// name names the subtest; empty: the command line.
	name string
	args []string
	// codes are the exit codes it may give; the first is the one wanted.
	codes []int
	// positions: when it exits 2, the output must name, at
	// file:line:col, every error that the want comments of the group's
	// files expect, and no other line of those files.
	positions bool
	// want are regexps that the output must match.
	want []string
	// env overrides the environment the command sees.
	env map[string]string
}

// String is the command line, the password hidden (the log is output
// too).
func (r verbRun) String() string {
	return strings.ReplaceAll("schemagen "+strings.Join(r.args, " "), securitySecret, "PASSWORD")
}

// label names the run's subtest: its name, else its command line with
// every connection string shortened to its kind.
func (r verbRun) label() string {
	if r.name != "" {
		return r.name
	}
	args := slices.Clone(r.args)
	for i, a := range args {
		switch {
		case strings.Contains(a, "://"):
			args[i] = "URL"
		case strings.Contains(a, "host="):
			args[i] = "DSN"
		}
	}
	return strings.Join(args, " ")
}

// exits returns the exit codes a run may give.
func exits(codes ...int) []int { return codes }

// check runs r in m and reports, on t, every way its result falls short.
func (r verbRun) check(t *testing.T, m *testModule, wants []fileWant) {
	t.Helper()
	code, stdout, stderr := m.runEnv(r.env, r.args...)
	out := stdout + stderr
	t.Logf("%s: exit %d\n%s", r, code, out)
	if !slices.Contains(r.codes, code) {
		t.Errorf("%s: exit %d, want %d", r, code, r.codes[0])
	}
	if strings.Contains(out, securitySecret) {
		t.Errorf("%s: the output shows the password", r)
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
		t.Errorf("%s: panicked", r)
	}
	for _, w := range r.want {
		if !regexp.MustCompile(w).MatchString(out) {
			t.Errorf("%s: the output does not match %q", r, w)
		}
	}
	if r.positions && code == ExitError {
		for _, p := range positionProblems(wants, out) {
			t.Errorf("%s: %s", r, p)
		}
	}
}

// positionProblems returns a problem for every want that no line of out
// reports at its file:line:col (the file named exactly, the column a
// number), and for every line of out that names a line of a want's file
// that no want expects.
func positionProblems(wants []fileWant, out string) []string {
	lines := strings.Split(filepath.ToSlash(out), "\n")
	var problems []string
	var files []string
	for _, w := range wants {
		if q := regexp.QuoteMeta(w.file); !slices.Contains(files, q) {
			files = append(files, q)
		}
		at := regexp.MustCompile(`(?:^|[/\s])` + regexp.QuoteMeta(w.file) + `:` + strconv.Itoa(w.line) + `:(\d+:)?`)
		found, withColumn := false, false
		for _, l := range lines {
			m := at.FindStringSubmatch(l)
			if m == nil || !w.re.MatchString(l) {
				continue
			}
			found = true
			withColumn = withColumn || m[1] != ""
		}
		switch {
		case !found:
			problems = append(problems, fmt.Sprintf("no error at %s:%d:COL matching %q", w.file, w.line, w.re))
		case !withColumn:
			problems = append(problems, fmt.Sprintf("the error at %s:%d has no column (want %s:%d:COL)", w.file, w.line, w.file, w.line))
		}
	}
	if len(files) == 0 {
		return problems
	}
	pos := regexp.MustCompile(`(?:^|[/\s])(` + strings.Join(files, "|") + `):(\d+):`)
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

// runVerbs runs each command once, as a subtest, and checks that it did
// not harm the database or the module.
func (s *securityModule) runVerbs(t *testing.T, runs []verbRun, wants []fileWant) {
	t.Helper()
	for _, r := range runs {
		t.Run(r.label(), func(t *testing.T) {
			before := s.capture(t)
			r.check(t, s.testModule, wants)
			s.assertUnharmed(t, before, r.String())
		})
	}
}

// TestSecurityHostileModels puts attacks in every SQL fragment a model
// can carry (default, type, check, generated, ondelete, index keys and
// predicates, check directives) and names PostgreSQL would truncate or
// cannot hold, on a database whose standard_conforming_strings is off.
// Every verb that reads the models must refuse them all, each at its
// file:line:col (the parser reports every error of a package, so one run
// checks them all), accept the legitimate fragments beside them, and
// leave everything as it was.
func TestSecurityHostileModels(t *testing.T) {
	t.Parallel()
	s := newSecurityModule(t, true)
	src := filepath.Join(securityDir, "hostile_models")
	wants := readFileWants(t, src)
	copyTree(t, src, s.dir)
	refused := func(args ...string) verbRun {
		return verbRun{args: args, codes: exits(ExitError), positions: true}
	}
	s.runVerbs(t, []verbRun{
		refused("check"),
		refused("check", "--offline"),
		refused("check", "--mode", "shadow"),
		refused("diff", "--from", s.dbURL, "--to", "models:./models"),
		refused("revision", "--autogenerate", "-m", "hostile"),
		refused("revision", "--autogenerate", "--offline", "-m", "hostile"),
	}, wants)
}

// TestSecurityHostileMigrationFiles adds a hand-edited migration whose
// every op carries an attack in a type, default, generated expression,
// check, index key or predicate, or referential action, on a database
// whose standard_conforming_strings is off. Every verb that builds,
// replays or runs the migrations must refuse it before anything runs, at
// the file:line:col of each hostile literal; the verbs that only read
// the files' revisions (history, heads, current) may work or refuse it
// so, and change nothing.
func TestSecurityHostileMigrationFiles(t *testing.T) {
	t.Parallel()
	s := newSecurityModule(t, true)
	src := filepath.Join(securityDir, "hostile_migration")
	wants := readFileWants(t, src)
	added := copyTree(t, src, s.dir)
	refused := func(args ...string) verbRun {
		return verbRun{args: args, codes: exits(ExitError), positions: true}
	}
	s.runVerbs(t, []verbRun{
		refused("upgrade"),
		refused("upgrade", "--sql"),
		refused("downgrade", "20260101000000"),
		refused("check"),
		refused("check", "--offline"),
		refused("check", "--mode", "shadow"),
		// The live autogenerate replays the migrations too, to spell what
		// the models no longer hold as they do.
		refused("revision", "--autogenerate", "-m", "after hostile"),
		refused("revision", "--autogenerate", "--offline", "-m", "after hostile"),
		refused("diff", "--from", "migrations:migrations", "--to", "models:./models"),
		{args: []string{"history"}, codes: exits(ExitOK, ExitError), positions: true},
		{args: []string{"heads"}, codes: exits(ExitOK, ExitError), positions: true},
		{args: []string{"current"}, codes: exits(ExitOK, ExitError), positions: true},
	}, wants)
	removeAdded(t, s.dir, added)

	// A name longer than PostgreSQL keeps is refused when the migrations
	// are loaded, naming the limit.
	copyTree(t, filepath.Join(securityDir, "long_name"), s.dir)
	long := func(args ...string) verbRun {
		return verbRun{args: args, codes: exits(ExitError), want: []string{`a_column_name_that_is_far_longer`, `\b63\b`}}
	}
	s.runVerbs(t, []verbRun{
		long("upgrade"),
		long("upgrade", "--sql"),
		long("check", "--offline"),
	}, nil)
}

// Legitimate values that read as attacks where standard_conforming_strings
// is off: they must be stored exactly as written.
const (
	trickyQuote = `it\'s; DROP TABLE sentinel; --`
	trickyBreak = `x\'); DROP TABLE sentinel; --`
	// trickyComment ends a literal where a backslash escapes a quote.
	trickyComment = `x\'; DROP TABLE sentinel; --`
	// trickySlash is the value of E'\\' || ';DROP TABLE sentinel; -- '
	// (E'' strings read the same whatever standard_conforming_strings says).
	trickySlash = `\;DROP TABLE sentinel; -- `
)

// TestSecurityTrickyLiterals takes models whose enum values, column
// comments and a default hold backslashes, quotes and SQL through check,
// revision --autogenerate, upgrade and diff on a database whose
// standard_conforming_strings is off: they are legitimate, so every verb
// works, the values are stored exactly, and the sentinel survives.
func TestSecurityTrickyLiterals(t *testing.T) {
	t.Parallel()
	s := newSecurityModule(t, true)
	copyTree(t, filepath.Join(securityDir, "tricky"), s.dir)
	before := s.capture(t)
	step := func(r verbRun) bool {
		t.Helper()
		ok := t.Run(r.label(), func(t *testing.T) { r.check(t, s.testModule, nil) })
		if got := sentinelDigest(s.db); got != before.Sentinel {
			t.Fatalf("after %s, the sentinel table is %s; want %s", r, got, before.Sentinel)
		}
		return ok
	}
	step(verbRun{args: []string{"check"}, codes: exits(ExitDrift), want: []string{`drift`}})
	if !step(verbRun{args: []string{"revision", "--autogenerate", "-m", "tricky"}, codes: exits(ExitOK), want: []string{`wrote `}}) ||
		!step(verbRun{args: []string{"upgrade"}, codes: exits(ExitOK)}) {
		t.FailNow()
	}

	ctx := context.Background()
	var labels []string
	rows, err := s.db.QueryContext(ctx, `SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = 'public.mood'::regtype ORDER BY enumsortorder`)
	if err != nil {
		t.Fatalf("read the enum's values: %v", err)
	}
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		labels = append(labels, l)
	}
	rows.Close()
	if want := []string{"plain", trickyQuote, trickyBreak}; !slices.Equal(labels, want) {
		t.Errorf("enum mood holds %q, want %q", labels, want)
	}
	for column, want := range map[string]string{"note": trickyQuote, "other": trickyComment} {
		var got sql.NullString
		err := s.db.QueryRowContext(ctx, `SELECT col_description(attrelid, attnum) FROM pg_catalog.pg_attribute WHERE attrelid = 'public.tricky'::regclass AND attname = $1`, column).Scan(&got)
		if err != nil || got.String != want {
			t.Errorf("comment of tricky.%s = %q (%v), want %q", column, got.String, err, want)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var slash, mood string
	err = tx.QueryRowContext(ctx, `INSERT INTO public.tricky (id) VALUES (1) RETURNING slash, mood::text`).Scan(&slash, &mood)
	tx.Rollback()
	if err != nil || slash != trickySlash || mood != "plain" {
		t.Errorf("a row of tricky gets the defaults slash = %q, mood = %q (%v); want %q, %q", slash, mood, err, trickySlash, "plain")
	}

	after := s.capture(t)
	step(verbRun{args: []string{"check"}, codes: exits(ExitOK), want: []string{`clean`}})
	step(verbRun{args: []string{"diff", "--from", s.dbURL, "--to", "models:./models"}, codes: exits(ExitOK)})
	step(verbRun{args: []string{"revision", "--autogenerate", "-m", "again"}, codes: exits(ExitOK), want: []string{`no changes`}})
	s.assertUnharmed(t, after, "check, diff and revision --autogenerate on the upgraded database")
}

// TestSecurityUpgradeHazardGate: upgrade refuses a migration whose
// data-loss hazard its file does not acknowledge, naming the hazard and
// --allow-hazards, and applies nothing; --allow-hazards data-loss lets it
// run.
func TestSecurityUpgradeHazardGate(t *testing.T) {
	t.Parallel()
	s := newSecurityModule(t, false)
	copyTree(t, filepath.Join(securityDir, "hazard"), s.dir)
	s.runVerbs(t, []verbRun{{
		args:  []string{"upgrade"},
		codes: exits(ExitError),
		want:  []string{`data-loss`, `dropping column (public\.)?extra\.flag`, `--allow-hazards`},
	}}, nil)
	if t.Failed() {
		return
	}
	before := s.capture(t)
	verbRun{args: []string{"upgrade", "--allow-hazards", "data-loss"}, codes: exits(ExitOK)}.check(t, s.testModule, nil)
	after := s.capture(t)
	if !slices.Equal(after.Versions, []string{"20260301000000"}) {
		t.Errorf("after upgrade --allow-hazards data-loss the database is at %v, want 20260301000000", after.Versions)
	}
	if after.Sentinel != before.Sentinel {
		t.Errorf("the sentinel table is %s, want %s", after.Sentinel, before.Sentinel)
	}
	var flag bool
	if err := s.db.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = 'public.extra'::regclass AND attname = 'flag' AND NOT attisdropped)`).Scan(&flag); err != nil || flag {
		t.Errorf("column extra.flag still exists (%v) after the upgrade that drops it", err)
	}
}

// TestSecurityPasswordsNeverShown names the database in each form a
// connection string can take (a URL, a key/value DSN, a quoted DSN
// password, and malformed ones whose errors quote them) and runs the
// verbs that connect: none may show the password.
func TestSecurityPasswordsNeverShown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the migrations several times")
	}
	t.Parallel()
	s := newSecurityModule(t, false)
	u, err := url.Parse(s.realURL)
	if err != nil {
		t.Fatal(err)
	}
	host, port, name := u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/")
	if port == "" {
		port = "5432"
	}
	user := u.User.Username()
	dsn := fmt.Sprintf("host=%s port=%s user=%s password=%s dbname=%s sslmode=disable", host, port, user, securitySecret, name)
	quotedDSN := fmt.Sprintf(`host=%s port=%s user=%s password='%s a\'b' dbname=%s sslmode=disable`, host, port, user, securitySecret, name)
	dbURL := func(v string) map[string]string { return map[string]string{"DATABASE_URL": v} }

	var runs []verbRun
	for _, d := range []struct{ name, conn string }{{"DSN", dsn}, {"DSN with a quoted password", quotedDSN}} {
		env := dbURL(d.conn)
		runs = append(runs,
			verbRun{name: d.name + ": current", args: []string{"current"}, env: env, codes: exits(ExitOK), want: []string{securityHead}},
			verbRun{name: d.name + ": history", args: []string{"history"}, env: env, codes: exits(ExitOK), want: []string{`\(current\)`}},
			// A DSN may or may not be a diff source; either way, no password.
			verbRun{name: d.name + ": diff --from", args: []string{"diff", "--from", d.conn, "--to", "models:./models"}, env: env, codes: exits(ExitOK, ExitError)},
		)
	}
	runs = append(runs,
		verbRun{name: "DSN: upgrade", args: []string{"upgrade"}, env: dbURL(dsn), codes: exits(ExitOK)},
		verbRun{name: "DSN: check", args: []string{"check"}, env: dbURL(dsn), codes: exits(ExitOK), want: []string{`clean`}},
		// The scratch database is named on the same server, which a DSN
		// may or may not allow; either way, no password.
		verbRun{name: "DSN: check --mode shadow", args: []string{"check", "--mode", "shadow"}, env: dbURL(dsn), codes: exits(ExitOK, ExitError)},
	)
	for _, bad := range []struct{ name, conn string }{
		// Not a URL for Go (a raw " and \ in the password), whose error
		// quotes it with %q.
		{"URL with a quote and a backslash", fmt.Sprintf(`postgres://%s:%s"q\z@%s:%s/%s?sslmode=disable`, user, securitySecret, host, port, name)},
		{"URL with a bad port", fmt.Sprintf("postgres://%s:%s@%s:99999x/%s?sslmode=disable", user, securitySecret, host, name)},
		{"DSN of a closed port", fmt.Sprintf("host=%s port=1 user=%s password=%s dbname=%s sslmode=disable connect_timeout=2", host, user, securitySecret, name)},
		{"DSN with an unclosed quote", fmt.Sprintf("host=%s port=%s user=%s password='%s dbname=%s", host, port, user, securitySecret, name)},
	} {
		runs = append(runs,
			verbRun{name: bad.name + ": current", args: []string{"current"}, env: dbURL(bad.conn), codes: exits(ExitError)},
			verbRun{name: bad.name + ": upgrade", args: []string{"upgrade"}, env: dbURL(bad.conn), codes: exits(ExitError)},
			verbRun{name: bad.name + ": --database-url current", args: []string{"--database-url", bad.conn, "current"}, codes: exits(ExitError)},
			verbRun{name: bad.name + ": diff --from", args: []string{"diff", "--from", bad.conn, "--to", "models:./models"}, codes: exits(ExitError)},
		)
	}
	s.runVerbs(t, runs, nil)
}

// TestSecurityConfigTakenLiterally: a database_url in schemagen.toml
// holding $2024 reaches the database literally named so; `$` is not an
// environment variable there.
func TestSecurityConfigTakenLiterally(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.dbURL = "" // no DATABASE_URL: schemagen.toml names the database
	name := uniqueName("sgsec_") + "$2024"
	server := pgtest.Server(t)
	ctx := context.Background()
	if _, err := server.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := server.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	config := func(db string) {
		u, err := dburl.WithDatabase(pgtest.ServerURL(), db)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(m.dir, ConfigFile), "models = [\"./models\"]\nmigrations = \"migrations\"\ndatabase_url = "+strconv.Quote(u)+"\n")
	}
	config(name)
	m.must(ExitOK, "init")
	verbRun{args: []string{"current"}, codes: exits(ExitOK), want: []string{`base \(no revision applied\)`}}.check(t, m, nil)

	missing := name + "_none"
	config(missing)
	verbRun{args: []string{"current"}, codes: exits(ExitError), want: []string{regexp.QuoteMeta(`"` + missing + `" does not exist`)}}.check(t, m, nil)
}

// TestSecurityReadOnlyTarget runs check, diff and revision --autogenerate
// against a role with LOGIN and CONNECT only (no TEMP on the database, no
// CREATEDB; SELECT on the version table, which they read), then against a
// stand-in for a hot standby: a database whose sessions are read-only and
// where, as on a standby, every DDL statement (temporary tables too) is
// refused with SQLSTATE 25006. With a dev database (SCHEMAGEN_DEV_URL,
// --dev-url, dev_url in schemagen.toml) they work; without one they exit
// 2 saying what they need. Nothing changes either way.
func TestSecurityReadOnlyTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the migrations for each check")
	}
	t.Parallel()
	s := newSecurityModule(t, false)
	_, devURL := pgtest.DB(t)
	ctx := context.Background()
	dbName := dburl.Database(s.realURL)

	role := uniqueName("sgsec_ro_")
	server := pgtest.Server(t)
	if _, err := server.ExecContext(ctx, "CREATE ROLE "+schema.QuoteIdent(role)+" LOGIN NOCREATEDB NOCREATEROLE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The grant below ties the role to the database: undo it, past the
		// stand-in's refusals, before dropping the role.
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Errorf("drop role %s: %v", role, err)
			return
		}
		defer conn.Close()
		for _, q := range []string{
			"SET default_transaction_read_only = off",
			"SET session_replication_role = replica", // event triggers do not fire
			"DROP OWNED BY " + schema.QuoteIdent(role),
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Errorf("drop role %s: %s: %v", role, q, err)
				return
			}
		}
		if _, err := server.ExecContext(ctx, "DROP ROLE IF EXISTS "+schema.QuoteIdent(role)); err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	for _, q := range []string{
		"REVOKE TEMPORARY ON DATABASE " + schema.QuoteIdent(dbName) + " FROM PUBLIC",
		"GRANT SELECT ON " + schema.QuoteQualified(migrate.DefaultVersionTable()) + " TO " + schema.QuoteIdent(role),
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	// verbs returns each verb run with a dev database (withDev adds it to
	// the command) and without one (when it must say needs).
	verbs := func(target string, withDev func(r verbRun) verbRun, needs []string) []verbRun {
		var runs []verbRun
		for _, v := range []struct {
			args []string
			ok   string
		}{
			{[]string{"check"}, `clean`},
			{[]string{"diff", "--from", target, "--to", "models:./models"}, `no differences`},
			{[]string{"revision", "--autogenerate", "-m", "nothing"}, `no changes`},
		} {
			runs = append(runs,
				withDev(verbRun{name: "with a dev database: " + verbRun{args: v.args}.label(), args: v.args, codes: exits(ExitOK), want: []string{v.ok}}),
				verbRun{name: "without: " + verbRun{args: v.args}.label(), args: v.args, codes: exits(ExitError), want: needs},
			)
		}
		return runs
	}
	devNeeded := `(?i)dev[_-]url`
	t.Run("role without TEMP or CREATEDB", func(t *testing.T) {
		s.dbURL = withUser(t, s.realURL, role, securityPassword, "")
		byEnv := func(r verbRun) verbRun {
			r.env = map[string]string{"SCHEMAGEN_DEV_URL": devURL}
			return r
		}
		s.runVerbs(t, verbs(s.dbURL, byEnv, []string{`(?i)\btemp(orary)?\b`, `\bCREATEDB\b`, devNeeded}), nil)
	})
	t.Run("read-only database", func(t *testing.T) {
		for _, q := range []string{
			`CREATE FUNCTION public.sgsec_refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
			BEGIN
				RAISE EXCEPTION 'cannot execute % in a read-only transaction', tg_tag USING ERRCODE = 'read_only_sql_transaction';
			END $$`,
			"CREATE EVENT TRIGGER sgsec_standby ON ddl_command_start EXECUTE FUNCTION public.sgsec_refuse_ddl()",
			"ALTER DATABASE " + schema.QuoteIdent(dbName) + " SET default_transaction_read_only = on",
		} {
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				t.Fatalf("make the database a stand-in for a hot standby: %v", err)
			}
		}
		// The stand-in's event trigger and function are no part of the
		// models: left out by a filter, else check and diff report them
		// as not managed (exit 3).
		cfg := filepath.Join(s.dir, ConfigFile)
		saved, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		filtered := string(saved) + "exclude = [\"sgsec_*\"]\n"
		writeFile(t, cfg, filtered)
		defer writeFile(t, cfg, string(saved))
		s.dbURL = withUser(t, s.realURL, "postgres", securityPassword, "")
		byFlag := func(r verbRun) verbRun {
			r.args = append(slices.Clone(r.args), "--dev-url", devURL)
			return r
		}
		s.runVerbs(t, verbs(s.dbURL, byFlag, []string{devNeeded}), nil)

		// dev_url in schemagen.toml.
		writeFile(t, cfg, filtered+"dev_url = "+strconv.Quote(devURL)+"\n")
		s.runVerbs(t, []verbRun{
			{name: "dev_url in schemagen.toml: revision --autogenerate", args: []string{"revision", "--autogenerate", "-m", "nothing"}, codes: exits(ExitOK), want: []string{`no changes`}},
			{name: "dev_url in schemagen.toml: diff", args: []string{"diff", "--from", s.dbURL, "--to", "models:./models"}, codes: exits(ExitOK), want: []string{`no differences`}},
		}, nil)
	})
}

// uniqueName returns prefix followed by random hex digits.
func uniqueName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// sentinelSQL makes the base module's tables in a database, for the tests
// that run migrations in-process.
const sentinelSQL = `
CREATE TABLE public.sentinel (id bigint PRIMARY KEY, note text NOT NULL);
INSERT INTO public.sentinel (id, note) SELECT g, 'row ' || g FROM generate_series(1, 100) AS g;
CREATE TABLE public.extra (id bigint PRIMARY KEY, sentinel_id bigint, label varchar(20) NOT NULL DEFAULT 'none', flag boolean)`

// runtimeDB returns a database holding the base module's tables, whose
// sessions have standard_conforming_strings off.
func runtimeDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	db, dbURL := pgtest.DB(t)
	if _, err := db.ExecContext(context.Background(), sentinelSQL); err != nil {
		t.Fatal(err)
	}
	setDatabase(t, db, dburl.Database(dbURL), "standard_conforming_strings", "off")
	t.Cleanup(func() { dropPwned(t) })
	return db, dbURL
}

// mentionsChange reports whether msg names the change c: by its op, its
// description, or what one of its fragments or names is.
func mentionsChange(msg string, c change.Change) bool {
	if strings.Contains(msg, reflect.TypeOf(c).Name()) || strings.Contains(msg, change.Describe(c)) {
		return true
	}
	for _, f := range change.Fragments(c) {
		if strings.Contains(msg, f.Where) {
			return true
		}
	}
	for _, n := range change.Names(c) {
		if strings.Contains(msg, n.Where) {
			return true
		}
	}
	return false
}

// TestSecurityRuntimeRefusesHostileMigrations runs migrations whose ops
// carry attacks through the application-side runner (migrate.Upgrade),
// which must check every fragment and name of a migration before any of
// it runs (the migration files are hand-edited, and the application does
// not go through the CLI's checks): each is refused with an error that
// names the revision and the op, the database is unchanged, also for a
// migration outside a transaction whose first op is harmless.
func TestSecurityRuntimeRefusesHostileMigrations(t *testing.T) {
	t.Parallel()
	db, dbURL := runtimeDB(t)
	long := "a_column_name_that_is_far_longer_than_the_sixty_three_bytes_postgres_keeps"
	column := func(name, typ, def string) schema.Column {
		return schema.Column{Name: name, Type: typ, Nullable: true, Default: def}
	}
	tests := []struct {
		name          string
		noTransaction bool
		up            func(op *migrate.Op)
	}{
		{name: "default", up: func(op *migrate.Op) { op.AddColumn("extra", column("m", "bigint", "0; DROP TABLE sentinel")) }},
		{name: "type", up: func(op *migrate.Op) { op.AddColumn("extra", column("m", "bigint; DROP TABLE sentinel", "")) }},
		{name: "COMMIT", up: func(op *migrate.Op) { op.AddColumn("extra", column("m", "bigint", "0; COMMIT; DROP TABLE sentinel")) }},
		{name: "ROLLBACK and BEGIN", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "bigint", "0; ROLLBACK; BEGIN; DROP TABLE sentinel; COMMIT"))
		}},
		{name: "CREATE ROLE", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "bigint", "0; COMMIT; CREATE ROLE sgpwn_runtime_role SUPERUSER LOGIN"))
		}},
		{name: "dollar quotes", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "text", "$q$'$q$; DROP TABLE sentinel; SELECT $q$'$q$"))
		}},
		{name: "E string", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "text", `E'\''; DROP TABLE sentinel; SELECT E'\''`))
		}},
		{name: "backslash quote", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "text", `'\' || ''; DROP TABLE sentinel; SELECT ''`))
		}},
		{name: "nested comments", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "bigint", "0 /* /* */ ; */; DROP TABLE sentinel"))
		}},
		{name: "unbalanced parentheses", up: func(op *migrate.Op) {
			op.AddColumn("extra", column("m", "bigint", "(0)); DROP TABLE sentinel; SELECT ((0"))
		}},
		{name: "generated", up: func(op *migrate.Op) {
			op.AddColumn("extra", schema.Column{Name: "m", Type: "bigint", Generated: "1) STORED; DROP TABLE sentinel; SELECT (1"})
		}},
		{name: "check closed early", up: func(op *migrate.Op) {
			op.AddCheck("sentinel", schema.Check{Name: "sgpwn_ck", Expr: "true), DROP COLUMN note, ADD CHECK (true"})
		}},
		{name: "check not valid", up: func(op *migrate.Op) {
			op.AddCheckNotValid("extra", schema.Check{Name: "m_ck", Expr: "true); COMMIT; DROP TABLE sentinel; SELECT (true"})
		}},
		{name: "index predicate", up: func(op *migrate.Op) {
			op.CreateIndex("extra", schema.Index{Name: "m_idx", Columns: []string{"id"}, Where: "id > 0; COMMIT; DROP TABLE sentinel"})
		}},
		{name: "index key", up: func(op *migrate.Op) {
			op.CreateIndex("extra", schema.Index{Name: "m_idx", Keys: []string{"(id)); DROP TABLE sentinel; SELECT ((1"}})
		}},
		{name: "ondelete", up: func(op *migrate.Op) {
			op.AddForeignKey("extra", schema.ForeignKey{Name: "m_fk", Columns: []string{"sentinel_id"}, RefTable: "sentinel", RefColumns: []string{"id"}, OnDelete: "CASCADE; DROP TABLE sentinel; --"})
		}},
		{name: "type change", up: func(op *migrate.Op) {
			op.AlterColumn("extra", schema.Column{Name: "label", Type: "varchar(20)"}, schema.Column{Name: "label", Type: "text USING NULL; DROP TABLE sentinel; --"})
		}},
		{name: "enum column default", up: func(op *migrate.Op) {
			op.AlterEnum("sgpwn_enum", []string{"a"}, []string{"a", "b"}, migrate.EnumColumn{Table: "extra", Column: "label", Default: "'a'; DROP TABLE sentinel"})
		}},
		{name: "table column default", up: func(op *migrate.Op) {
			op.CreateTable(schema.Table{Name: "sgpwn_table", Columns: []*schema.Column{{Name: "a", Type: "bigint", Default: "0); DROP TABLE sentinel; CREATE TABLE sgpwn_other (a bigint"}}})
		}},
		{name: "name over 63 bytes", up: func(op *migrate.Op) { op.AddColumn("extra", column(long, "text", "")) }},
		{name: "name with NUL", up: func(op *migrate.Op) { op.AddColumn("extra", column("nul\x00name", "text", "")) }},
		{name: "outside a transaction, after a harmless op", noTransaction: true, up: func(op *migrate.Op) {
			op.AddColumn("extra", column("harmless", "boolean", ""))
			op.AddColumn("extra", column("m", "bigint", "0; DROP TABLE sentinel"))
		}},
	}
	const rev = "20260501000000"
	var exclude []schema.QualifiedName
	versionTable := func(i int) schema.QualifiedName {
		return schema.QualifiedName{Schema: "public", Name: fmt.Sprintf("schemagen_version_%d", i)}
	}
	for i := range tests {
		exclude = append(exclude, versionTable(i), migrate.FingerprintTable(versionTable(i)), migrate.ProgressTable(versionTable(i)))
	}
	inspect := func() securityState {
		s, err := catalog.Inspect(context.Background(), db, catalog.Options{Exclude: exclude})
		if err != nil {
			t.Fatalf("inspect the database: %v", err)
		}
		return securityState{state: state{Schema: s}, Sentinel: sentinelDigest(db), Pwned: pwnedNames(t)}
	}
	before := inspect()
	t.Run("cases", func(t *testing.T) {
		for i, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				changes := migrate.Record(tc.up)
				hostile := changes[len(changes)-1]
				set := &migrate.Set{}
				set.Add(migrate.Migration{
					Revision: rev, Message: tc.name, NoTransaction: tc.noTransaction,
					AllowHazards: change.HazardKinds(), // the hazard gate is not what must stop it
					Upgrade:      tc.up, Downgrade: func(*migrate.Op) {},
				})
				// Its own connections, which get the database's settings.
				target := openURL(t, dbURL)
				vt := versionTable(i)
				err := migrate.Upgrade(ctx, target, set, "head", migrate.WithVersionTable(vt))
				switch {
				case err == nil:
					t.Errorf("upgrade ran the hostile migration (%s)", change.Describe(hostile))
				case strings.Contains(err.Error(), "pq: "):
					t.Errorf("the database refused it, so it was sent unchecked: %v", err)
				case !strings.Contains(err.Error(), rev) || !mentionsChange(err.Error(), hostile):
					t.Errorf("the error does not name the revision %s and the op (%s): %v", rev, change.Describe(hostile), err)
				}
				if revs, err := migrate.ReadVersions(ctx, target, vt); err != nil || len(revs) > 0 {
					t.Errorf("the version table holds %v (%v), want nothing", revs, err)
				}
			})
		}
	})
	after := inspect()
	if after.Sentinel != before.Sentinel {
		t.Errorf("the sentinel table is %s, want %s", after.Sentinel, before.Sentinel)
	}
	if !slices.Equal(after.Pwned, before.Pwned) {
		t.Errorf("the cluster has %v, it had %v: an attack created a role or database", after.Pwned, before.Pwned)
	}
	if diff := cmp.Diff(before.Schema, after.Schema); diff != "" {
		t.Errorf("the hostile migrations changed the database (-before +after):\n%s", diff)
	}
}

// TestSecurityRuntimeStoresTrickyLiterals applies, through the
// application-side runner on a database whose standard_conforming_strings
// is off, comments, enum values (created and added) and a default that
// hold backslashes, quotes and SQL: each is stored exactly.
func TestSecurityRuntimeStoresTrickyLiterals(t *testing.T) {
	t.Parallel()
	db, dbURL := runtimeDB(t)
	ctx := context.Background()
	added := `y\'); DROP TABLE sentinel; --`
	set := &migrate.Set{}
	set.Add(migrate.Migration{
		Revision: "20260601000000", Message: "tricky", AllowHazards: change.HazardKinds(),
		Upgrade: func(op *migrate.Op) {
			op.SetTableComment("sentinel", trickyQuote)
			op.SetColumnComment("sentinel", "note", trickyComment)
			op.CreateEnum(schema.Enum{Name: "mood", Values: []string{"plain", trickyQuote, trickyBreak}})
			op.AddColumn("extra", schema.Column{Name: "slash", Type: "text", Default: `E'\\' || ';DROP TABLE sentinel; -- '`})
		},
		Downgrade: func(*migrate.Op) {},
	})
	set.Add(migrate.Migration{
		Revision: "20260601000001", DownRevision: []string{"20260601000000"}, Message: "add a value",
		AllowHazards: change.HazardKinds(),
		Upgrade: func(op *migrate.Op) {
			op.AlterEnum("mood", []string{"plain", trickyQuote, trickyBreak}, []string{"plain", trickyQuote, trickyBreak, added})
		},
		Downgrade: func(*migrate.Op) {},
	})
	before := sentinelDigest(db)
	if err := migrate.Upgrade(ctx, openURL(t, dbURL), set, "head"); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	if got := sentinelDigest(db); got != before {
		t.Errorf("the sentinel table is %s, want %s", got, before)
	}
	var tableComment, columnComment sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT obj_description('public.sentinel'::regclass, 'pg_class'), col_description('public.sentinel'::regclass, 2)`).Scan(&tableComment, &columnComment); err != nil {
		t.Fatal(err)
	}
	if tableComment.String != trickyQuote || columnComment.String != trickyComment {
		t.Errorf("comments %q and %q, want %q and %q", tableComment.String, columnComment.String, trickyQuote, trickyComment)
	}
	var labels []string
	rows, err := db.QueryContext(ctx, `SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = 'public.mood'::regtype ORDER BY enumsortorder`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		labels = append(labels, l)
	}
	rows.Close()
	if want := []string{"plain", trickyQuote, trickyBreak, added}; !slices.Equal(labels, want) {
		t.Errorf("enum mood holds %q, want %q", labels, want)
	}
	var slash string
	if err := db.QueryRowContext(ctx, `INSERT INTO public.extra (id) VALUES (1) RETURNING slash`).Scan(&slash); err != nil || slash != trickySlash {
		t.Errorf("a row of extra gets slash = %q (%v), want %q", slash, err, trickySlash)
	}
}

// TestSecurityNarrowingTypeChange: a type change that would cut values
// fails as PostgreSQL's assignment cast fails ("value too long"), leaving
// the rows as they were, rather than cutting them through an explicit
// cast; a change that needs an explicit cast (text to integer) still
// works. The hazards are acknowledged, so that the gate is not what
// stops it.
func TestSecurityNarrowingTypeChange(t *testing.T) {
	t.Parallel()
	db, dbURL := pgtest.DB(t)
	tests := []struct {
		name, from, to string
		// value is the SQL of row g's value.
		value string
		// wantErr is PostgreSQL's refusal; empty when the change must work.
		wantErr string
	}{
		{name: "varchar", from: "varchar(20)", to: "varchar(10)", value: "lpad(g::text, 15, 'x')", wantErr: "value too long for type character varying(10)"},
		{name: "char", from: "char(20)", to: "char(10)", value: "lpad(g::text, 15, 'x')", wantErr: "value too long for type character(10)"},
		{name: "bit", from: "bit(8)", to: "bit(4)", value: "(g % 256)::bit(8)", wantErr: "bit string length 8 does not match type bit(4)"},
		{name: "text_to_integer", from: "text", to: "integer", value: "g::text"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			table := "narrow_" + tc.name
			qt := schema.QuoteQualified(schema.QualifiedName{Schema: "public", Name: table})
			setup := fmt.Sprintf("CREATE TABLE %s (id integer PRIMARY KEY, c %s NOT NULL); INSERT INTO %s SELECT g, %s FROM generate_series(1, 1000) AS g", qt, tc.from, qt, tc.value)
			if _, err := db.ExecContext(ctx, setup); err != nil {
				t.Fatal(err)
			}
			digest := func() string {
				var typ, sum string
				var n int
				err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT format_type(a.atttypid, a.atttypmod), (SELECT count(*) FROM %[1]s), (SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM %[1]s)
					FROM pg_catalog.pg_attribute a WHERE a.attrelid = '%[2]s'::regclass AND a.attname = 'c'`, qt, qt)).Scan(&typ, &n, &sum)
				if err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("%s, %d rows, md5 %s", typ, n, sum)
			}
			before := digest()
			set := &migrate.Set{}
			set.Add(migrate.Migration{
				Revision: "20260701000000", Message: "narrow " + tc.name, AllowHazards: change.HazardKinds(),
				Upgrade: func(op *migrate.Op) {
					op.AlterColumn(table, schema.Column{Name: "c", Type: tc.from}, schema.Column{Name: "c", Type: tc.to})
				},
				Downgrade: func(*migrate.Op) {},
			})
			vt := schema.QualifiedName{Schema: "public", Name: fmt.Sprintf("schemagen_version_%d", i)}
			err := migrate.Upgrade(ctx, openURL(t, dbURL), set, "head", migrate.WithVersionTable(vt))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("upgrade %s to %s: %v", tc.from, tc.to, err)
				}
				var sum int64
				if err := db.QueryRowContext(ctx, "SELECT sum(c) FROM "+qt).Scan(&sum); err != nil || sum != 500500 {
					t.Errorf("after the change, sum(c) = %d (%v), want 500500", sum, err)
				}
				return
			}
			switch {
			case err == nil:
				t.Errorf("upgrade %s to %s on 1,000 longer values succeeded: %s became %s; want PostgreSQL's %q", tc.from, tc.to, before, digest(), tc.wantErr)
			case !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("upgrade %s to %s: %v; want PostgreSQL's %q", tc.from, tc.to, err, tc.wantErr)
			}
			if after := digest(); after != before {
				t.Errorf("the column is %s, want it as it was: %s", after, before)
			}
		})
	}
}
