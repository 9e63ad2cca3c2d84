package migrate_test

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// mainSet is a set of three migrations, the last dropping a column of the
// first's table, a data-loss hazard it does not acknowledge.
func mainSet() *migrate.Set {
	return newSet(mig("100", "a"), mig("200", "b", "100"), migrate.Migration{
		Revision: "300", DownRevision: []string{"200"}, Message: "drop a.id",
		Upgrade:   func(op *migrate.Op) { op.DropColumn("a", "id") },
		Downgrade: func(op *migrate.Op) { op.AddColumn("a", migrate.Column{Name: "id", Type: "bigint", Nullable: true}) },
	})
}

// mainCase is one command line of Main and what it must print.
type mainCase struct {
	name     string
	args     []string
	wantCode int
	// want and wantNot are texts stdout must and must not hold;
	// wantErr a text stderr must hold ("" for an empty stderr).
	want, wantNot []string
	wantErr       string
}

// targetLine matches the line of Main naming the database it acts on.
var targetLine = regexp.MustCompile(`(?m)^schemagen: database \S+\n`)

func runMainCases(t *testing.T, set *migrate.Set, tests []mainCase) {
	t.Helper()
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := migrate.Main(set, tc.args, &stdout, &stderr)
		// The line naming the database (TestMainTarget checks it).
		errText := targetLine.ReplaceAllString(stderr.String(), "")
		ok := code == tc.wantCode && (tc.wantErr == "" && errText == "" || tc.wantErr != "" && strings.Contains(errText, tc.wantErr))
		for _, w := range tc.want {
			ok = ok && strings.Contains(stdout.String(), w)
		}
		for _, w := range tc.wantNot {
			ok = ok && !strings.Contains(stdout.String(), w)
		}
		if !ok {
			t.Errorf("%s: Main(%q) = %d\nstdout:\n%s\nstderr:\n%s\nwant %d, stdout with %q and without %q, stderr with %q",
				tc.name, tc.args, code, stdout.String(), stderr.String(), tc.wantCode, tc.want, tc.wantNot, tc.wantErr)
		}
	}
}

// TestMainOffline runs the commands of Main that need no database: usage,
// --sql scripts with their ranges and hazard warnings, and history.
func TestMainOffline(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SCHEMAGEN_VERSION_TABLE", "meta.versions")
	t.Setenv("SCHEMAGEN_ALLOW_HAZARDS", "")
	runMainCases(t, mainSet(), []mainCase{
		{name: "no command", wantCode: 2, wantErr: "no command given"},
		{name: "unknown command", args: []string{"sideways"}, wantCode: 2, wantErr: `unknown command "sideways"`},
		{name: "help", args: []string{"help"}, want: []string{"upgrade --sql [FROM:]TARGET", "history [-v]", "exit codes"}},
		{name: "a command's help", args: []string{"upgrade", "-h"}, want: []string{"downgrade [--force-irreversible] TARGET"}},
		{name: "downgrade without target", args: []string{"downgrade"}, wantCode: 2, wantErr: "usage: downgrade [--force-irreversible] TARGET | downgrade --sql [FROM:]TARGET"},
		{name: "two targets", args: []string{"upgrade", "100", "200"}, wantCode: 2, wantErr: "usage: upgrade"},
		{name: "unknown flag", args: []string{"upgrade", "--fast"}, wantCode: 2, wantErr: "flag provided but not defined: -fast"},
		{name: "a flag of another command", args: []string{"current", "--sql"}, wantCode: 2, wantErr: "-sql"},
		{name: "no database", args: []string{"upgrade"}, wantCode: 2, wantErr: "DATABASE_URL is not set"},
		{
			name: "upgrade --sql", args: []string{"upgrade", "--sql"},
			want: []string{"-- schemagen upgrade from base: 3 revision(s)", `CREATE TABLE "public"."a"`, `CREATE TABLE "public"."b"`, `DROP COLUMN "id"`, `INSERT INTO "meta"."versions" (revision) VALUES ('300')`,
				`CREATE TABLE IF NOT EXISTS "meta"."versions_fingerprint"`, `INSERT INTO "meta"."versions_fingerprint" (revision, fingerprint) VALUES ('300', 'v1:`},
			wantErr: "schemagen: warning: runner_test.go (300): unacknowledged hazard data-loss",
		},
		{
			name: "upgrade --sql FROM:TARGET, flag last", args: []string{"upgrade", "100:200", "--sql"},
			want: []string{"-- schemagen upgrade from 100: 1 revision(s)", `CREATE TABLE "public"."b"`}, wantNot: []string{`CREATE TABLE "public"."a"`, "DROP COLUMN"},
		},
		{
			name: "hazards allowed", args: []string{"upgrade", "--sql", "--allow-hazards", "data-loss,irreversible-downgrade", "200:300"},
			want: []string{`DROP COLUMN "id"`},
		},
		{name: "bad hazard kind", args: []string{"upgrade", "--sql", "--allow-hazards", "fun"}, wantCode: 2, wantErr: "--allow-hazards"},
		{
			name: "downgrade --sql", args: []string{"downgrade", "--sql", "heads:-2"},
			want: []string{"-- schemagen downgrade from 300: 2 revision(s)", `DROP TABLE "public"."b"`, `ADD COLUMN "id"`, `INSERT INTO "meta"."versions" (revision) VALUES ('100')`,
				`DELETE FROM "meta"."versions_fingerprint" WHERE revision = '300'`, `DELETE FROM "meta"."versions_fingerprint" WHERE revision = '200'`},
			wantNot: []string{`DROP TABLE "public"."a"`, `DELETE FROM "meta"."versions_fingerprint" WHERE revision = '100'`},
		},
		{name: "downgrade --sql FROM:TARGET", args: []string{"downgrade", "--sql", "200:base"}, want: []string{`DROP TABLE "public"."b"`, `DROP TABLE "public"."a"`}, wantNot: []string{"ADD COLUMN"}},
		{name: "bad range", args: []string{"upgrade", "--sql", "999:head"}, wantCode: 2, wantErr: `no revision "999"`},
		{
			name: "upgrade --sql +N without a start", args: []string{"upgrade", "--sql", "+1"}, wantCode: 2,
			wantErr: "upgrade --sql +1: a relative target counts from the database's revision, and --sql reads no database; name the start: upgrade --sql FROM:+1 (FROM a revision, or base)",
		},
		{name: "upgrade --sql FROM:+N", args: []string{"upgrade", "--sql", "100:+1"}, want: []string{"-- schemagen upgrade from 100: 1 revision(s)", `CREATE TABLE "public"."b"`}},
		{name: "downgrade --sql -N without a start", args: []string{"downgrade", "--sql", "-1"}, wantCode: 2, wantErr: "name the start: downgrade --sql FROM:-1 (FROM a revision, or heads)"},
		{name: "downgrade --sql REV@-N without a start", args: []string{"downgrade", "--sql", "300@-1"}, wantCode: 2, wantErr: "name the start: downgrade --sql FROM:300@-1"},
		{
			name: "backwards upgrade range", args: []string{"upgrade", "--sql", "300:100"}, wantCode: 2,
			wantErr: "upgrade --sql 300:100 goes backwards: 100 is older than 300; for the script that undoes it: downgrade --sql 300:100",
		},
		{
			name: "forwards downgrade range", args: []string{"downgrade", "--sql", "100:300"}, wantCode: 2,
			wantErr: "downgrade --sql 100:300 goes forwards: 300 is newer than 100; for the script that applies it: upgrade --sql 100:300",
		},
		{name: "empty range", args: []string{"upgrade", "--sql", "200:200"}, want: []string{"-- schemagen upgrade from 200: 0 revision(s)"}},
		{name: "history", args: []string{"history"}, want: []string{"* 300 (head) drop a.id\n* 200 create b\n* 100 (base) create a\n"}},
		{name: "history -v", args: []string{"history", "-v"}, want: []string{"parents: 200; file: runner_test.go"}},
	})
}

// TestMainDatabase runs the commands of Main that connect: upgrade,
// current, history marking the current revision, stamp and downgrade,
// with the URL from the environment or --database-url.
func TestMainDatabase(t *testing.T) {
	_, url := pgtest.DB(t)
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SCHEMAGEN_VERSION_TABLE", "")
	t.Setenv("SCHEMAGEN_ALLOW_HAZARDS", "")
	runMainCases(t, mainSet(), []mainCase{
		{name: "current at base", args: []string{"current", "--database-url", url}, want: []string{"base (no revision applied)"}},
		{name: "upgrade to 200", args: []string{"upgrade", "200", "--database-url", url}, want: []string{"upgrade 100 (create a)", "upgrade 200 (create b)"}},
		{name: "current", args: []string{"current", "--database-url", url}, want: []string{"200 create b"}, wantNot: []string{"(head)"}},
		{name: "history", args: []string{"history", "--database-url", url}, want: []string{"* 200 (current) create b"}},
		{name: "upgrade refused", args: []string{"upgrade", "--database-url", url}, wantCode: 2, wantErr: "data-loss"},
		{name: "upgrade with hazards allowed", args: []string{"upgrade", "--allow-hazards=all", "--database-url", url}, want: []string{"upgrade 300 (drop a.id)"}},
		{name: "current at head", args: []string{"current", "--database-url", url}, want: []string{"300 (head) drop a.id"}},
		{name: "upgrade at head", args: []string{"upgrade", "--database-url", url}, want: []string{"nothing to do"}},
		{name: "stamp", args: []string{"stamp", "100", "--database-url", url}, want: []string{"stamped: the database is at 100"}},
		{name: "stamp head", args: []string{"stamp", "head", "--database-url", url}, want: []string{"stamped: the database is at 300"}},
		{name: "downgrade", args: []string{"downgrade", "-1", "--database-url", url}, want: []string{"downgrade 300 (drop a.id)"}},
	})
	t.Setenv("DATABASE_URL", url)
	runMainCases(t, mainSet(), []mainCase{
		{name: "current from DATABASE_URL", args: []string{"current"}, want: []string{"200 create b"}},
		{name: "downgrade base", args: []string{"downgrade", "base"}, want: []string{"downgrade 100 (create a)"}},
	})
}

// TestMainTarget checks that the commands of Main that connect name the
// database on stderr, host:port/dbname and no password, and that the
// schemagen CLI, which names it itself, silences it.
func TestMainTarget(t *testing.T) {
	_, url := pgtest.DB(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("SCHEMAGEN_VERSION_TABLE", "")
	t.Setenv("SCHEMAGEN_CLI", "")
	want := "schemagen: database " + dburl.Target(url, os.Getenv) + "\n"
	if !strings.HasSuffix(want, "/"+dburl.Database(url)+"\n") {
		t.Fatalf("target line %q does not end with the database name", want)
	}
	for _, args := range [][]string{{"current"}, {"upgrade", "100"}, {"history"}, {"stamp", "base"}} {
		var stdout, stderr bytes.Buffer
		if code := migrate.Main(mainSet(), args, &stdout, &stderr); code != 0 || stderr.String() != want {
			t.Errorf("Main(%q) = %d, stderr %q; want 0 and %q", args, code, stderr.String(), want)
		}
	}
	// --sql connects nowhere and says nothing of a database.
	var stdout, stderr bytes.Buffer
	if code := migrate.Main(mainSet(), []string{"upgrade", "--sql", "100"}, &stdout, &stderr); code != 0 || stderr.Len() != 0 || !strings.HasPrefix(stdout.String(), "-- schemagen upgrade") {
		t.Errorf("upgrade --sql = %d, stderr %q, stdout %q; want the script alone", code, stderr.String(), stdout.String())
	}
	t.Setenv("SCHEMAGEN_CLI", "1")
	stderr.Reset()
	if code := migrate.Main(mainSet(), []string{"current"}, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Errorf("current under the CLI = %d, stderr %q; want 0 and nothing", code, stderr.String())
	}
}
