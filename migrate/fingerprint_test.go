package migrate_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

func fingerprint(t *testing.T, cs ...change.Change) string {
	t.Helper()
	fp, err := migrate.Fingerprint(cs)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// TestFingerprint pins the fingerprint's canonical form: what changes it
// and what does not.
func TestFingerprint(t *testing.T) {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	addEmail := change.AddColumn{Table: users, Column: &schema.Column{Name: "email", Type: "text"}}
	goStep := change.RunGo{Func: func(context.Context, change.Querier) error { return nil }}
	otherGoStep := change.RunGo{Func: func(context.Context, change.Querier) error { return errors.New("other code") }}
	tests := []struct {
		name string
		a, b []change.Change
		same bool
	}{
		{name: "same changes", a: []change.Change{addEmail}, b: []change.Change{addEmail}, same: true},
		{name: "another type", a: []change.Change{addEmail},
			b: []change.Change{change.AddColumn{Table: users, Column: &schema.Column{Name: "email", Type: "varchar(80)"}}}},
		{name: "a default", a: []change.Change{addEmail},
			b: []change.Change{change.AddColumn{Table: users, Column: &schema.Column{Name: "email", Type: "text", Default: "''"}}}},
		{name: "nullability", a: []change.Change{addEmail},
			b: []change.Change{change.AddColumn{Table: users, Column: &schema.Column{Name: "email", Type: "text", Nullable: true}}}},
		{name: "another table", a: []change.Change{addEmail},
			b: []change.Change{change.AddColumn{Table: schema.QualifiedName{Schema: "app", Name: "users"}, Column: addEmail.Column}}},
		{name: "one change more", a: []change.Change{addEmail}, b: []change.Change{addEmail, change.Execute{SQL: "SELECT 1"}}},
		{name: "the order", a: []change.Change{addEmail, change.Execute{SQL: "SELECT 1"}}, b: []change.Change{change.Execute{SQL: "SELECT 1"}, addEmail}},
		{name: "hand-written SQL", a: []change.Change{change.Execute{SQL: "SELECT 1"}}, b: []change.Change{change.Execute{SQL: "SELECT 2"}}},
		{name: "a Go step counts by position, not code", a: []change.Change{addEmail, goStep}, b: []change.Change{addEmail, otherGoStep}, same: true},
		{name: "a Go step moved", a: []change.Change{addEmail, goStep}, b: []change.Change{goStep, addEmail}},
		{name: "a Go step more", a: []change.Change{goStep}, b: []change.Change{goStep, goStep}},
		{name: "nothing and an empty list", a: nil, b: []change.Change{}, same: true},
		{name: "nothing and a Go step", a: nil, b: []change.Change{goStep}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := fingerprint(t, tc.a...), fingerprint(t, tc.b...)
			if (a == b) != tc.same {
				t.Errorf("fingerprints %s and %s: same = %v, want %v", a, b, a == b, tc.same)
			}
		})
	}

	// The CLI computes fingerprints from the changes the runner dumps
	// as JSON (a Go step without its function): they must be the
	// runtime's.
	cs := []change.Change{addEmail, goStep, change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "mood", Values: []string{"sad", "ok"}}}}
	b, err := json.Marshal(change.Changes(cs))
	if err != nil {
		t.Fatal(err)
	}
	var decoded change.Changes
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	if got, want := fingerprint(t, decoded...), fingerprint(t, cs...); got != want {
		t.Errorf("fingerprint after a JSON round trip = %s, want %s", got, want)
	}

	// The form is part of every database's record: a change here
	// reports every applied migration as edited. Pin it.
	const pinned = "v1:"
	got := fingerprint(t, addEmail, goStep)
	if !strings.HasPrefix(got, pinned) || len(got) != len(pinned)+64 {
		t.Fatalf("fingerprint %q: want v1: and 64 hex digits", got)
	}
	// sha256 of [{"change":{"Column":{"Name":"email","Type":"text"},"Table":{"Name":"users","Schema":"public"}},"op":"AddColumn"},{"op":"RunGo"}]
	if want := "v1:218475ee43b65c073d94c92a0592cdf7a4ba894ecf39a26421e5b6a45bceee97"; got != want {
		t.Errorf("the fingerprint of AddColumn users.email text and a Go step is %s, want %s (the canonical form changed?)", got, want)
	}
}

// fingerprints reads the fingerprint table of the default version table.
func fingerprints(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	fps, err := migrate.ReadFingerprints(context.Background(), db, migrate.DefaultVersionTable())
	if err != nil {
		t.Fatal(err)
	}
	return fps
}

// fingerprintRevs returns the revisions that have a fingerprint, sorted.
func fingerprintRevs(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var revs []string
	for rev := range fingerprints(t, db) {
		revs = append(revs, rev)
	}
	slices.Sort(revs)
	return revs
}

func report(t *testing.T, m *migrate.Migrator) migrate.FingerprintReport {
	t.Helper()
	rep, err := m.Fingerprints(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func editedRevs(rep migrate.FingerprintReport) []string {
	var out []string
	for _, e := range rep.Edited {
		out = append(out, e.Revision)
	}
	return out
}

// addColumn is a migration that adds column to table.
func addColumn(rev, parent, table, column string) migrate.Migration {
	return migrate.Migration{
		Revision: rev, DownRevision: []string{parent}, Message: "add " + table + "." + column,
		Upgrade:   func(op *migrate.Op) { op.AddColumn(table, migrate.Column{Name: column, Type: "text", Nullable: true}) },
		Downgrade: func(op *migrate.Op) { op.DropColumn(table, column) },
	}
}

// TestEditedMigration edits a migration after it was applied: upgrade
// refuses before applying anything, Fingerprints and current name it,
// --allow-edited runs all the same and keeps reporting it, and
// AcceptFingerprints (stamp --force-fingerprint) clears the report. It
// sets the environment for Main, so it does not run in parallel.
func TestEditedMigration(t *testing.T) {
	ctx := context.Background()
	db, url := pgtest.DB(t)
	v1 := newSet(mig("100", "a"), addColumn("200", "100", "a", "x"))
	m := newMigrator(t, db, v1)
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"100", "200"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions after upgrade (-want +got):\n%s", diff)
	}
	if rep := report(t, m); len(rep.Edited)+len(rep.Unknown) != 0 {
		t.Errorf("report after upgrade = %+v, want clean", rep)
	}

	// 200 now adds another column, and 300 comes on top.
	edited := func() *migrate.Set {
		return newSet(mig("100", "a"), addColumn("200", "100", "a", "y"), addColumn("300", "200", "a", "z"))
	}
	var log bytes.Buffer
	logf := migrate.WithLogf(func(format string, args ...any) { fmt.Fprintf(&log, format+"\n", args...) })
	m = newMigrator(t, db, edited(), logf)
	if diff := cmp.Diff([]string{"200"}, editedRevs(report(t, m))); diff != "" {
		t.Errorf("edited revisions (-want +got):\n%s", diff)
	}
	before := columns(t, db, "a")
	_, err := m.Upgrade(ctx, "head")
	var ee *migrate.EditedError
	if !errors.As(err, &ee) || len(ee.Edited) != 1 || ee.Edited[0].Revision != "200" || ee.Edited[0].File != "runner_test.go" {
		t.Fatalf("Upgrade after an edit = %v, want an EditedError naming 200 in runner_test.go", err)
	}
	for _, want := range []string{"200 (runner_test.go)", "no migration was applied", "stamp --force-fingerprint 200", "--allow-edited"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("EditedError %q lacks %q", err, want)
		}
	}
	if got := columns(t, db, "a"); !cmp.Equal(got, before) {
		t.Errorf("columns of a after a refused upgrade = %v, want %v", got, before)
	}
	if cur, _ := m.Current(ctx); !cmp.Equal(cur, []string{"200"}) {
		t.Errorf("Current after a refused upgrade = %v", cur)
	}

	// current names it, and the command that accepts it.
	t.Setenv("DATABASE_URL", url)
	t.Setenv("SCHEMAGEN_VERSION_TABLE", "")
	runMainCases(t, edited(), []mainCase{
		{name: "current names the edit", args: []string{"current"},
			want: []string{"200 add a.y", "edited since applied: 200 (runner_test.go)", "`stamp --force-fingerprint 200`"}},
		{name: "upgrade refuses", args: []string{"upgrade"}, wantCode: 2, wantErr: "changed since they were applied"},
		{name: "downgrade warns", args: []string{"downgrade", "200"}, want: []string{"warning: 200 (runner_test.go) changed since it was applied", "nothing to do"}},
	})

	// Told to, upgrade runs, and the edit is still reported.
	log.Reset()
	m = newMigrator(t, db, edited(), logf, migrate.WithAllowEdited())
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade with WithAllowEdited: %v", err)
	}
	if !strings.Contains(log.String(), "warning: 200 (runner_test.go) changed since it was applied") {
		t.Errorf("log of an upgrade with WithAllowEdited:\n%s\nwant a warning naming 200", log.String())
	}
	if diff := cmp.Diff([]string{"200"}, editedRevs(report(t, m))); diff != "" {
		t.Errorf("edited revisions after WithAllowEdited (-want +got):\n%s", diff)
	}

	// Once the database holds what the file now says, stamp
	// --force-fingerprint accepts the edit, leaving the version table
	// alone.
	if _, err := db.Exec(`ALTER TABLE a RENAME COLUMN x TO y`); err != nil {
		t.Fatal(err)
	}
	runMainCases(t, edited(), []mainCase{
		{name: "force-fingerprint of a revision not applied", args: []string{"stamp", "--force-fingerprint", "9"}, wantCode: 2, wantErr: `no revision "9"`},
		{name: "force-fingerprint", args: []string{"stamp", "--force-fingerprint", "2"}, want: []string{"recorded the fingerprint of 200 (runner_test.go)"}},
		{name: "current is clean", args: []string{"current"}, want: []string{"300 (head) add a.z"}, wantNot: []string{"edited", "unknown"}},
	})
	m = newMigrator(t, db, edited())
	if rep := report(t, m); len(rep.Edited)+len(rep.Unknown) != 0 {
		t.Errorf("report after force-fingerprint = %+v, want clean", rep)
	}
	if cur, _ := m.Current(ctx); !cmp.Equal(cur, []string{"300"}) {
		t.Errorf("Current after force-fingerprint = %v, want 300", cur)
	}

	// A downgrade removes the fingerprint of what it undoes; accepting
	// the fingerprint of a migration not applied is refused.
	if _, err := m.Downgrade(ctx, "100"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"100"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions after downgrade to 100 (-want +got):\n%s", diff)
	}
	if _, err := m.AcceptFingerprints(ctx, "300"); err == nil || !strings.Contains(err.Error(), "300 is not applied") {
		t.Errorf("AcceptFingerprints(300) at 100 = %v, want not applied", err)
	}
}

// TestFingerprintsOfBranches applies two branches and their merge: each
// revision has its own fingerprint, an edit on one branch names that
// revision alone, and stamping forgets what it marks not applied.
func TestFingerprintsOfBranches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	set := func(left string) *migrate.Set {
		return newSet(mig("100", "base"), addColumn("210", "100", "base", left), addColumn("220", "100", "base", "right"),
			migrate.Migration{Revision: "300", DownRevision: []string{"210", "220"}, Message: "merge"})
	}
	m := newMigrator(t, db, set("left"))
	if _, err := m.Upgrade(ctx, "220"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "210"); err != nil {
		t.Fatal(err)
	}
	if cur, _ := m.Current(ctx); !cmp.Equal(cur, []string{"210", "220"}) {
		t.Fatalf("Current = %v, want both branches", cur)
	}
	if diff := cmp.Diff([]string{"100", "210", "220"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions with two heads (-want +got):\n%s", diff)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	fps := fingerprints(t, db)
	if diff := cmp.Diff([]string{"100", "210", "220", "300"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions after the merge (-want +got):\n%s", diff)
	}
	if fps["210"] == fps["220"] {
		t.Errorf("the two branches have the same fingerprint %s", fps["210"])
	}
	if want := fingerprint(t); fps["300"] != want {
		t.Errorf("fingerprint of the empty merge = %s, want %s", fps["300"], want)
	}

	m = newMigrator(t, db, set("left2"))
	if diff := cmp.Diff([]string{"210"}, editedRevs(report(t, m))); diff != "" {
		t.Errorf("edited revisions after editing one branch (-want +got):\n%s", diff)
	}
	if _, err := m.AcceptFingerprints(ctx, "210"); err != nil {
		t.Fatal(err)
	}

	// Stamping back to one branch forgets the fingerprints of the
	// others; stamping forward leaves them unknown until an upgrade
	// applies something.
	if err := m.Stamp(ctx, "210"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"100", "210"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions after stamp 210 (-want +got):\n%s", diff)
	}
	if err := m.Stamp(ctx, "210", "220"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"220"}, report(t, m).Unknown); diff != "" {
		t.Errorf("unknown fingerprints after stamping 220 (-want +got):\n%s", diff)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if rep := report(t, m); len(rep.Edited)+len(rep.Unknown) != 0 {
		t.Errorf("report after upgrading through the merge = %+v, want clean", rep)
	}
}

// TestOldVersionTable runs on a database that an earlier schemagen
// migrated: a version table of the old shape and no fingerprint table.
// Everything works; the applied migrations are unknown until the next
// upgrade records them.
func TestOldVersionTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	for _, stmt := range []string{
		`CREATE TABLE public.a (id bigint GENERATED BY DEFAULT AS IDENTITY, CONSTRAINT a_pkey PRIMARY KEY (id), x text)`,
		`CREATE TABLE public.schemagen_version (revision text NOT NULL PRIMARY KEY)`,
		`INSERT INTO public.schemagen_version VALUES ('200')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	v1 := newSet(mig("100", "a"), addColumn("200", "100", "a", "x"))
	m := newMigrator(t, db, v1)
	if fps := fingerprints(t, db); fps != nil {
		t.Fatalf("ReadFingerprints without a fingerprint table = %v, want nil", fps)
	}
	rep := report(t, m)
	if len(rep.Edited) != 0 || !cmp.Equal(rep.Unknown, []string{"100", "200"}) {
		t.Errorf("report on an old version table = %+v, want 100 and 200 unknown", rep)
	}
	lines := rep.Lines("schemagen")
	if len(lines) != 1 || !strings.Contains(lines[0], "fingerprint unknown: 100, 200") {
		t.Errorf("report lines = %q", lines)
	}
	// Nothing to apply: nothing is recorded, the table keeps its shape.
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if got := tables(t, db); !cmp.Equal(got, []string{"public.a", "public.schemagen_version"}) {
		t.Errorf("tables after an upgrade with nothing to do = %v", got)
	}
	// The next migration applied records them all.
	var log bytes.Buffer
	m = newMigrator(t, db, newSet(mig("100", "a"), addColumn("200", "100", "a", "x"), addColumn("300", "200", "a", "y")),
		migrate.WithLogf(func(format string, args ...any) { fmt.Fprintf(&log, format+"\n", args...) }))
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "recorded the fingerprints of 2 applied migration(s) that had none") {
		t.Errorf("log:\n%s\nwant the fingerprints of 100 and 200 recorded", log.String())
	}
	if diff := cmp.Diff([]string{"100", "200", "300"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions (-want +got):\n%s", diff)
	}
	if rep := report(t, m); len(rep.Edited)+len(rep.Unknown) != 0 {
		t.Errorf("report = %+v, want clean", rep)
	}
	if got := tables(t, db); !cmp.Equal(got, []string{"public.a", "public.schemagen_version", "public.schemagen_version_fingerprint"}) {
		t.Errorf("tables = %v", got)
	}
	// The version table keeps its shape: one row per head.
	if cur, err := migrate.ReadVersions(ctx, db, migrate.DefaultVersionTable()); err != nil || !cmp.Equal(cur, []string{"300"}) {
		t.Errorf("version table = %v, %v", cur, err)
	}
}

// TestFingerprintOutsideTransaction records the fingerprint of a
// migration run outside a transaction when its last step is done, and
// not before.
func TestFingerprintOutsideTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := pgtest.DB(t)
	fail := true
	set := newSet(mig("100", "a"), migrate.Migration{
		Revision: "200", DownRevision: []string{"100"}, Message: "index a", NoTransaction: true,
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("a", migrate.Column{Name: "x", Type: "text", Nullable: true})
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				if fail {
					return errors.New("not yet")
				}
				return nil
			})
			op.CreateIndexConcurrently("a", migrate.Index{Name: "a_x", Columns: []string{"x"}})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropIndexConcurrently("a", "a_x")
			op.DropColumn("a", "x")
		},
	})
	m := newMigrator(t, db, set)
	if _, err := m.Upgrade(ctx, "head"); err == nil {
		t.Fatal("Upgrade with a failing Go step succeeded")
	}
	if diff := cmp.Diff([]string{"100"}, fingerprintRevs(t, db)); diff != "" {
		t.Errorf("fingerprinted revisions after a stop part-way (-want +got):\n%s", diff)
	}
	fail = false
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	want, err := migrate.Fingerprint(migrate.Record(set.Migrations()[1].Upgrade))
	if err != nil {
		t.Fatal(err)
	}
	if got := fingerprints(t, db)["200"]; got != want {
		t.Errorf("fingerprint of 200 = %q, want %q", got, want)
	}
	if _, err := m.Downgrade(ctx, "-1"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"100"}, fingerprintRevs(t, db), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("fingerprinted revisions after downgrade (-want +got):\n%s", diff)
	}
}
