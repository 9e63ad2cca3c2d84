package differ_test

import (
	"bytes"
	"context"
	"flag"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDump turns on the third judge of TestCorpus: pg_dump
// --schema-only of both sides, normalized (see normalizeDump) and
// compared as sets of statements. It needs the target as a database of
// its own (pg_dump reads committed catalogs) and three runs of pg_dump per
// case, which costs more than the rest of the corpus, so it runs apart:
// `make corpus-dump` (which .ci/run runs after `make test`), or
// `go test ./differ -run TestCorpus -corpus.dump`.
var corpusDump = flag.Bool("corpus.dump", false, "TestCorpus: also compare pg_dump --schema-only of both sides")

// dumpJudge holds the pg_dump side of one corpus case.
type dumpJudge struct {
	// url is the database under test (A).
	url string
	// old is A's dump after old.sql; target the dump of new.sql's
	// database (B).
	old, target []string
}

// newDumpJudge returns nil unless -corpus.dump is set; else it builds the
// target database B from newSQL and dumps it. Call it before old.sql
// runs on the database at url; then call recordOld after.
func newDumpJudge(t *testing.T, url, newSQL string, newDB func() (exec func(string) error, url string)) *dumpJudge {
	t.Helper()
	if !*corpusDump {
		return nil
	}
	run, targetURL := newDB()
	if err := run(newSQL); err != nil {
		t.Fatalf("new.sql on the target database: %v", err)
	}
	return &dumpJudge{url: url, target: schemaDump(t, targetURL)}
}

// recordOld dumps A as old.sql left it.
func (j *dumpJudge) recordOld(t *testing.T) {
	t.Helper()
	if j != nil {
		j.old = schemaDump(t, j.url)
	}
}

// check compares A's dump with the target's (after the upgrade) or with
// old's (after the downgrade).
func (j *dumpJudge) check(t *testing.T, step string, ran []string, upgrade bool) {
	t.Helper()
	if j == nil {
		return
	}
	want := j.old
	if upgrade {
		want = j.target
	}
	if diff := cmp.Diff(want, schemaDump(t, j.url)); diff != "" {
		t.Errorf("%s: pg_dump --schema-only differs from the target's (-want +got):\n%s\nSQL run:\n%s", step, diff, strings.Join(ran, ";\n"))
	}
}

// schemaDump runs pg_dump --schema-only on the database at url and
// returns its statements normalized (see normalizeDump).
func schemaDump(t *testing.T, url string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(context.Background(), "pg_dump", "--schema-only", "--no-owner", "--no-privileges",
		"--no-security-labels", "--no-tablespaces", "--dbname", url)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, stderr.String())
	}
	return normalizeDump(stdout.String())
}

// normalizeDump returns the statements of a pg_dump script, sorted, each
// on one line, without what differs between equal schemas: comments, SET
// and set_config lines, psql meta-commands (\restrict), blank lines,
// owners and privileges (left out by the flags too), and column order
// (the lines of a CREATE TABLE's body are sorted, as the other judges
// ignore column order).
func normalizeDump(script string) []string {
	var (
		stmts []string
		cur   []string
	)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		stmts = append(stmts, normalizeStatement(cur))
		cur = nil
	}
	for _, line := range strings.Split(script, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case len(cur) == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "--") || strings.HasPrefix(trimmed, `\`) ||
			strings.HasPrefix(trimmed, "SET ") || strings.HasPrefix(trimmed, "SELECT pg_catalog.set_config(")):
			continue
		}
		cur = append(cur, strings.TrimRight(line, " "))
		if strings.HasSuffix(trimmed, ";") && !inDollarQuote(cur) {
			flush()
		}
	}
	flush()
	stmts = slices.DeleteFunc(stmts, func(s string) bool {
		return strings.Contains(s, " OWNER TO ") || strings.HasPrefix(s, "GRANT ") || strings.HasPrefix(s, "REVOKE ")
	})
	slices.Sort(stmts)
	return stmts
}

// normalizeStatement joins the lines of one statement; a CREATE TABLE's
// column and constraint lines are sorted first.
func normalizeStatement(lines []string) string {
	if strings.HasPrefix(lines[0], "CREATE TABLE ") || strings.HasPrefix(lines[0], "CREATE UNLOGGED TABLE ") {
		if end := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, ")") }); end > 1 {
			body := slices.Clone(lines[1:end])
			for i, l := range body {
				body[i] = strings.TrimSuffix(strings.TrimSpace(l), ",")
			}
			slices.Sort(body)
			lines = append(append([]string{lines[0]}, body...), lines[end:]...)
		}
	}
	// PostgreSQL keeps storage parameters in the order they were
	// written, which means nothing: sort each WITH (...) list.
	return withList.ReplaceAllStringFunc(strings.Join(lines, "\n"), func(m string) string {
		items := strings.Split(m[len("WITH ("):len(m)-1], ", ")
		slices.Sort(items)
		return "WITH (" + strings.Join(items, ", ") + ")"
	})
}

// withList matches a list of storage parameters, WITH (name=value, ...).
var withList = regexp.MustCompile(`WITH \([^()]*\)`)

// inDollarQuote reports whether the lines so far leave a dollar quote
// ($$ or $tag$) open, so that a ';' at a line's end does not end the
// statement (a function body).
func inDollarQuote(lines []string) bool {
	text := strings.Join(lines, "\n")
	open := ""
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		j := strings.IndexByte(text[i+1:], '$')
		if j < 0 {
			break
		}
		tag := text[i : i+j+2]
		if strings.ContainsAny(tag[1:len(tag)-1], " \t\n;(),'\"") {
			continue
		}
		switch {
		case open == "":
			open = tag
		case tag == open:
			open = ""
		default:
			continue
		}
		i += j + 1
	}
	return open != ""
}

func TestNormalizeDump(t *testing.T) {
	t.Parallel()
	a := `--
-- PostgreSQL database dump
--
\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.f() RETURNS integer
    LANGUAGE plpgsql
    AS $_$BEGIN
  PERFORM 1;
  RETURN 1;
END$_$;

CREATE TABLE public.t (
    id integer NOT NULL,
    b text
);

ALTER TABLE public.t OWNER TO postgres;
COMMENT ON TABLE public.t IS 'x;';
`
	b := strings.Replace(strings.Replace(a, "    id integer NOT NULL,\n    b text\n", "    b text,\n    id integer NOT NULL\n", 1), `\restrict abc`, `\restrict xyz`, 1)
	got := normalizeDump(a)
	if len(got) != 3 {
		t.Fatalf("normalizeDump gave %d statements, want 3 (function, table, comment):\n%s", len(got), strings.Join(got, "\n---\n"))
	}
	if a, b := normalizeDump("CREATE INDEX i ON t (a) WITH (fillfactor='90', deduplicate_items=off);"),
		normalizeDump("CREATE INDEX i ON t (a) WITH (deduplicate_items=off, fillfactor='90');"); !slices.Equal(a, b) {
		t.Errorf("the order of storage parameters makes a difference: %q, %q", a, b)
	}
	if diff := cmp.Diff(got, normalizeDump(b)); diff != "" {
		t.Errorf("column order or a meta-command makes a difference:\n%s", diff)
	}
	if c := normalizeDump(strings.Replace(a, "PERFORM 1", "PERFORM 2", 1)); cmp.Equal(got, c) {
		t.Error("a changed function body makes no difference")
	}
}
