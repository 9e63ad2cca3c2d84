package cli

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/revid"
)

func TestDiffCommand(t *testing.T) {
	t.Parallel()
	dbA, urlA := pgtest.DB(t)
	dbB, urlB := pgtest.DB(t)
	if _, err := dbA.Exec(`CREATE TABLE t (id int PRIMARY KEY, name varchar(10))`); err != nil {
		t.Fatal(err)
	}
	if _, err := dbB.Exec(`CREATE TABLE t (id int PRIMARY KEY, name varchar(20), note text); CREATE INDEX t_name_idx ON t (name)`); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		a := &App{Stdout: &out, Stderr: &errOut, Dir: t.TempDir(), Now: func() time.Time { return time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) }, Getenv: func(string) string { return "" }}
		code := a.Run(context.Background(), args)
		return code, out.String(), errOut.String()
	}

	code, out, errOut := run("diff", "--from", urlA, "--to", urlB)
	if code != ExitDrift {
		t.Fatalf("diff A B: exit %d, want %d\n%s%s", code, ExitDrift, out, errOut)
	}
	for _, want := range []string{
		`ALTER TABLE "public"."t" ALTER COLUMN "name" TYPE character varying(20)`,
		`ALTER TABLE "public"."t" ADD COLUMN "note" text;`,
		`CREATE INDEX "t_name_idx" ON "public"."t" ("name");`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff A B output lacks %q:\n%s", want, out)
		}
	}

	// The printed SQL takes A to B: afterwards there is nothing to diff.
	if _, err := dbA.Exec(out); err != nil {
		t.Fatalf("apply the diff: %v\n%s", err, out)
	}
	if code, out, errOut := run("diff", "--from", urlA, "--to", urlB); code != ExitOK || out != "" {
		t.Fatalf("diff after applying: exit %d\n%s%s", code, out, errOut)
	}

	_, urlEmpty := pgtest.DB(t)
	code, out, _ = run("diff", "--from", urlB, "--to", urlEmpty, "--format", "go")
	if code != ExitDrift {
		t.Fatalf("diff --format go: exit %d", code)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "m.go", out, 0); err != nil || !strings.Contains(out, `op.DropTable("t")`) {
		t.Fatalf("diff --format go printed no migration (%v):\n%s", err, out)
	}
	// The revision ID has the form of every written one: the clock's
	// timestamp and a suffix drawn from App.Rand (crypto/rand here).
	if m := regexp.MustCompile(`Revision: +"([^"]*)"`).FindStringSubmatch(out); m == nil || !regexp.MustCompile(`^20261130000000_[`+revid.Alphabet+`]{4}$`).MatchString(m[1]) {
		t.Errorf("diff --format go: revision %q, want 20261130000000_ and a 4-letter suffix:\n%s", m, out)
	}

	for _, args := range [][]string{
		{"diff", "--from", urlA},
		{"diff", "--from", "mysql://x/y", "--to", urlB},
		{"diff", "--from", urlA, "--to", urlB, "--format", "yaml"},
	} {
		if code, _, _ := run(args...); code != ExitError {
			t.Errorf("schemagen %s: exit %d, want %d", strings.Join(args, " "), code, ExitError)
		}
	}
}

// TestDiffRevisionID: the revision of diff --format go has the form of
// every written one and is unique among the project's migrations, both
// its timestamp and its suffix.
func TestDiffRevisionID(t *testing.T) {
	t.Parallel()
	m := newVerbModule(t)
	for _, tc := range []struct {
		name, dir, want string
	}{
		// The clock says revSecond's second and Rand draws its suffix
		// kfxd first, then bbbb.
		{"in a project", m.dir, "20260102000001_bbbb"},
		{"outside a module", t.TempDir(), "20260102000000_kfxd"},
	} {
		p, err := loadProject(tc.dir, &globalFlags{}, func(string) string { return "" }, false)
		if err != nil {
			t.Fatal(err)
		}
		a := &App{
			Now:  func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) },
			Rand: bytes.NewReader([]byte{7, 3, 17, 2, 0, 0, 0, 0}),
		}
		got, err := a.diffRevisionID(p)
		if err != nil || got != tc.want {
			t.Errorf("%s: diffRevisionID = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}
