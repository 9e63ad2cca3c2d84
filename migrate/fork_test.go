package migrate_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// forkSet is 100 (table a) with two branches, 200 (table b) and 300
// (table c), joined by the merge 400.
func forkSet(merged bool) *migrate.Set {
	migs := []migrate.Migration{mig("100", "a"), mig("200", "b", "100"), mig("300", "c", "100")}
	if merged {
		migs = append(migs, migrate.Migration{Revision: "400", DownRevision: []string{"200", "300"}, Message: "merge",
			Upgrade: func(*migrate.Op) {}, Downgrade: func(*migrate.Op) {}})
	}
	return newSet(migs...)
}

// TestDowngradeAtFork: a relative downgrade at several heads, or at a
// merge revision, refuses and lists the choices, undoing nothing; the
// explicit choices work. (downgrade -1 at two heads used to undo the
// last branch in graph order, dropping its table unasked.)
func TestDowngradeAtFork(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	m := newMigrator(t, db, forkSet(false))
	if _, err := m.Upgrade(ctx, "heads"); err != nil {
		t.Fatal(err)
	}
	all := []string{"public.a", "public.b", "public.c", "public.schemagen_version", "public.schemagen_version_fingerprint"}
	_, err := m.Downgrade(ctx, "-1")
	var amb *migrate.AmbiguousDowngradeError
	if !errors.As(err, &amb) || !strings.Contains(err.Error(), "downgrade 200@-1  undoes 200\n  downgrade 300@-1  undoes 300") {
		t.Fatalf("Downgrade(-1) at two heads = %v, want an AmbiguousDowngradeError listing 200@-1 and 300@-1", err)
	}
	if got := tables(t, db); !slices.Equal(got, all) {
		t.Fatalf("a refused downgrade changed the tables: %v", got)
	}
	if _, err := m.Downgrade(ctx, "300@-1"); err != nil {
		t.Fatalf("Downgrade(300@-1): %v", err)
	}
	if got := tables(t, db); slices.Contains(got, "public.c") || !slices.Contains(got, "public.b") {
		t.Fatalf("after 300@-1, tables %v: want b kept and c dropped", got)
	}

	m = newMigrator(t, db, forkSet(true))
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	_, err = m.Downgrade(ctx, "-1")
	if !errors.As(err, &amb) || amb.Merge != "400" || !strings.Contains(err.Error(), "downgrade 400@-1  undoes 400") {
		t.Fatalf("Downgrade(-1) at a merge = %v, want an AmbiguousDowngradeError at 400", err)
	}
	if cur, _ := m.Current(ctx); !slices.Equal(cur, []string{"400"}) {
		t.Fatalf("a refused downgrade moved the database to %v", cur)
	}
	if _, err := m.Downgrade(ctx, "400@-1"); err != nil {
		t.Fatalf("Downgrade(400@-1): %v", err)
	}
	if cur, _ := m.Current(ctx); !slices.Equal(cur, []string{"200", "300"}) {
		t.Fatalf("after 400@-1 the database is at %v, want 200, 300", cur)
	}
}

// TestDowngradeIrreversible: a downgrade past a migration without a
// Downgrade, or with an empty one while its upgrade changes the schema,
// refuses, naming it, unless forced; data-only and empty migrations are
// undone as usual.
func TestDowngradeIrreversible(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	set := newSet(
		mig("100", "a"),
		migrate.Migration{Revision: "200", DownRevision: []string{"100"}, Message: "no downgrade", Upgrade: createTable("b")},
		migrate.Migration{Revision: "300", DownRevision: []string{"200"}, Message: "empty downgrade", Upgrade: createTable("c"), Downgrade: func(*migrate.Op) {}},
		migrate.Migration{Revision: "400", DownRevision: []string{"300"}, Message: "data only",
			Upgrade:   func(op *migrate.Op) { op.Execute("UPDATE a SET id = id") },
			Downgrade: func(*migrate.Op) {}},
		migrate.Migration{Revision: "500", DownRevision: []string{"400"}, Message: "nothing", Upgrade: func(*migrate.Op) {}},
	)
	m := newMigrator(t, db, set)
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Downgrade(ctx, "300"); err != nil {
		t.Fatalf("Downgrade(300) through data-only and empty migrations: %v", err)
	}
	_, err := m.Downgrade(ctx, "base")
	var irr *migrate.IrreversibleError
	if !errors.As(err, &irr) || !strings.Contains(err.Error(), "cannot downgrade past 300 (runner_test.go:") ||
		!strings.Contains(err.Error(), "its Downgrade records nothing, while its Upgrade changes the schema (create table c)") ||
		!strings.Contains(err.Error(), "cannot downgrade past 200 (runner_test.go:") || !strings.Contains(err.Error(), "it has no Downgrade") {
		t.Fatalf("Downgrade(base) = %v, want IrreversibleErrors naming 300 and 200", err)
	}
	if cur, _ := m.Current(ctx); !slices.Equal(cur, []string{"300"}) {
		t.Fatalf("a refused downgrade moved the database to %v", cur)
	}
	m = newMigrator(t, db, set, migrate.WithForceIrreversible())
	if _, err := m.Downgrade(ctx, "100"); err != nil {
		t.Fatalf("forced Downgrade(100): %v", err)
	}
	// Forced: the version table moved, the tables stayed.
	if got := tables(t, db); !slices.Contains(got, "public.b") || !slices.Contains(got, "public.c") {
		t.Fatalf("tables %v: a forced downgrade undoes nothing of an irreversible migration", got)
	}
}

// TestDroppedVersionTable: with the version table dropped by hand and
// its fingerprint table left, upgrade refuses (it would apply every
// migration again, "relation already exists") and says to stamp; the
// stamp it names puts the database back.
func TestDroppedVersionTable(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	m := newMigrator(t, db, newSet(mig("100", "a"), mig("200", "b", "100")))
	if _, err := m.Upgrade(ctx, "200"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "DROP TABLE public.schemagen_version"); err != nil {
		t.Fatal(err)
	}
	_, err := m.Upgrade(ctx, "head")
	var dropped *migrate.VersionTableDroppedError
	if !errors.As(err, &dropped) || !slices.Equal(dropped.Heads, []string{"200"}) || !strings.Contains(err.Error(), "`stamp 200`") {
		t.Fatalf("Upgrade with the version table dropped = %v, want a VersionTableDroppedError at 200", err)
	}
	if err := m.Stamp(ctx, dropped.Heads...); err != nil {
		t.Fatal(err)
	}
	if res, err := m.Upgrade(ctx, "head"); err != nil || len(res) != 0 {
		t.Fatalf("Upgrade after the stamp = %v, %v; want nothing to do", res, err)
	}
}

func TestParseVersionTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want, wantErr string
	}{
		{in: "v", want: "v"},
		{in: "meta.v", want: "meta.v"},
		{in: "a.b.c", wantErr: `version table "a.b.c": want NAME or SCHEMA.NAME, with one dot at most`},
		{in: "a.", wantErr: "without an empty part"},
		{in: strings.Repeat("x", 64), wantErr: "longer than PostgreSQL's 63 bytes"},
	} {
		got, err := migrate.ParseVersionTable(tc.in)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseVersionTable(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || got.String() != tc.want):
			t.Errorf("ParseVersionTable(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestIrreversible(t *testing.T) {
	t.Parallel()
	record := func(fn func(*migrate.Op)) []change.Change { return migrate.Record(fn) }
	create := record(createTable("t"))
	drop := record(dropTable("t"))
	goStep := record(func(op *migrate.Op) { op.Run(func(context.Context, migrate.Querier) error { return nil }) })
	data := record(func(op *migrate.Op) { op.ExecuteData("UPDATE t SET id = id") })
	order := record(func(op *migrate.Op) { op.OrderEnum("e", []string{"a", "b"}) })
	for _, tc := range []struct {
		name        string
		noDowngrade bool
		up, down    []change.Change
		want        string
	}{
		{name: "reversible", up: create, down: drop},
		{name: "no downgrade", noDowngrade: true, up: create, want: "it has no Downgrade"},
		{name: "no downgrade, nothing to undo", noDowngrade: true},
		{name: "empty downgrade of a schema change", up: create, want: "its Downgrade records nothing, while its Upgrade changes the schema (create table t)"},
		{name: "empty downgrade of a Go step", up: goStep},
		{name: "empty downgrade of data SQL", up: data},
		{name: "empty downgrade of a settled enum order", up: order},
		{name: "no downgrade of a Go step", noDowngrade: true, up: goStep, want: "it has no Downgrade"},
	} {
		if got := migrate.Irreversible(tc.noDowngrade, tc.up, tc.down); got != tc.want {
			t.Errorf("%s: Irreversible = %q, want %q", tc.name, got, tc.want)
		}
	}
}
