package cli

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/pgtest"
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
